import { describe, expect, it } from 'vitest';

import { formatInstant } from '../labels';
import { amountText, currencyDigits, formatMoney, parseAmount } from '../money';

describe('money', () => {
  it('knows how many decimals a currency has', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('reads typed decimals as minor units of the currency', () => {
    expect(parseAmount('12500.50', 'EUR')).toEqual({ minor: 1250050 });
    expect(parseAmount('12500.5', 'EUR')).toEqual({ minor: 1250050 });
    expect(parseAmount(' 12,500 ', 'USD')).toEqual({ minor: 1250000 });
    expect(parseAmount('1500000', 'JPY')).toEqual({ minor: 1500000 });
    expect(parseAmount('1.234', 'KWD')).toEqual({ minor: 1234 });
    expect(parseAmount('', 'EUR')).toBeNull();
  });

  it('refuses what it cannot read exactly', () => {
    expect(parseAmount('12,50', 'EUR')).toEqual({ error: expect.stringContaining('Type a number') });
    expect(parseAmount('1.005', 'EUR')).toEqual({ error: 'EUR has 2 decimals at most' });
    expect(parseAmount('10.5', 'JPY')).toEqual({ error: 'JPY has no decimals' });
    expect(parseAmount('-3', 'EUR')).toEqual({ error: expect.any(String) });
    expect(parseAmount('99999999999999999999', 'EUR')).toEqual({ error: 'This amount is too large' });
  });

  it('writes minor units back as the decimal a form shows', () => {
    expect(amountText(1250050, 'EUR')).toBe('12500.50');
    expect(amountText(5, 'EUR')).toBe('0.05');
    expect(amountText(1500000, 'JPY')).toBe('1500000');
  });

  it('formats money for reading', () => {
    expect(formatMoney({ minor: 1250050, currency: 'EUR' })).toBe('€12,500.50');
    expect(formatMoney({ minor: 1500000, currency: 'JPY' })).toBe('¥1,500,000');
  });
});

describe('formatInstant', () => {
  it('keeps the microseconds that order registrations', () => {
    expect(formatInstant('2026-03-01T09:15:02.000120Z', true)).toBe('2026-03-01 09:15:02.000120');
    expect(formatInstant('2026-03-01T09:15:02Z', true)).toBe('2026-03-01 09:15:02.000000');
    expect(formatInstant('2026-03-01T09:15:02.5Z', true)).toBe('2026-03-01 09:15:02.500000');
    expect(formatInstant('2026-03-01T09:15:02.123456Z')).toBe('2026-03-01 09:15');
    expect(formatInstant(null)).toBe('—');
  });
});
