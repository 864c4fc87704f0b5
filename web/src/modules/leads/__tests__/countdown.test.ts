import { describe, expect, it } from 'vitest';

import { formatCountdown } from '../labels';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const after = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe('formatCountdown', () => {
  it('gives hours and minutes left', () => {
    expect(formatCountdown(after(5 * 60 + 12), NOW)).toEqual({ text: 'Answer within 5 h 12 min', tone: 'normal' });
    expect(formatCountdown(after(6 * 60), NOW)).toEqual({ text: 'Answer within 6 h', tone: 'normal' });
  });

  it('turns to the warning colour under four hours', () => {
    expect(formatCountdown(after(4 * 60), NOW).tone).toBe('normal');
    expect(formatCountdown(after(4 * 60 - 1), NOW)).toEqual({ text: 'Answer within 3 h 59 min', tone: 'warning' });
    expect(formatCountdown(after(45), NOW)).toEqual({ text: 'Answer within 45 min', tone: 'warning' });
  });

  it('never shows less than a minute before the time is up', () => {
    expect(formatCountdown(new Date(NOW + 20_000).toISOString(), NOW).text).toBe('Answer within 1 min');
  });

  it('counts days for long answers', () => {
    expect(formatCountdown(after(2 * 24 * 60 + 3 * 60 + 30), NOW).text).toBe('Answer within 2 d 3 h');
    expect(formatCountdown(after(24 * 60), NOW).text).toBe('Answer within 1 d');
  });

  it('says overdue once the time is up', () => {
    expect(formatCountdown(after(0), NOW)).toEqual({ text: 'Overdue', tone: 'overdue' });
    expect(formatCountdown(after(-90), NOW)).toEqual({ text: 'Overdue', tone: 'overdue' });
  });

  it('shows nothing for a time it cannot read', () => {
    expect(formatCountdown('soon', NOW).text).toBe('');
  });
});
