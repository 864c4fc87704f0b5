// Money as the API carries it (an integer of minor units and an ISO 4217 code) and as people
// type and read it (a decimal in the currency's own number of digits).
import type { Schemas } from '../../api/types';

export type Amount = Schemas['Amount'];

// The currencies offered in the forms, from the browser's own list.
export const CURRENCIES: string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['EUR', 'GBP', 'USD'];

// How many digits follow the decimal point in `currency` (2 for EUR, 0 for JPY, 3 for KWD).
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export type ParsedAmount = { minor: number } | { error: string } | null;

// Turns what someone typed ("12500.50", "12,500.5") into minor units; null when nothing was typed.
export function parseAmount(text: string, currency: string): ParsedAmount {
  const typed = text.trim().replace(/\s/g, '');
  if (typed === '') return null;
  // Commas are accepted only as thousands separators, so "12,50" is not read as 1250.
  const plain = /^\d{1,3}(,\d{3})+(\.\d*)?$/.test(typed) ? typed.replace(/,/g, '') : typed;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(plain);
  if (!match) return { error: 'Type a number, such as 12500.50' };
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return { error: digits === 0 ? `${currency} has no decimals` : `${currency} has ${digits} decimals at most` };
  }
  const minor = Number(match[1] + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { error: 'This amount is too large' };
  return { minor };
}

// The decimal text for minor units, as a form shows it for editing ("12500.50").
export function amountText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

// Money for reading, in the browser's language ("$12,500.50").
export function formatMoney(amount: Amount): string {
  const digits = currencyDigits(amount.currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: amount.currency }).format(
      amount.minor / 10 ** digits,
    );
  } catch {
    return `${amountText(amount.minor, amount.currency)} ${amount.currency}`;
  }
}
