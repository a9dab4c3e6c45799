import { describe, expect, it } from 'vitest';
import { daysUntil, formatAbsolute, formatRelative } from '../../../renderer/src/format/relative-time';

const now = Date.UTC(2026, 10, 23, 12, 0, 0);
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

describe('formatRelative', () => {
  it.each([
    [now - 10_000, 'just now'],
    [now + 30_000, 'just now'],
    [now - 50_000, '1 minute ago'],
    [now - 5 * minute, '5 minutes ago'],
    [now - 2 * hour, '2 hours ago'],
    [now - 1 * hour, '1 hour ago'],
    [now + 3 * day, 'in 3 days'],
    [now - 1 * day, '1 day ago'],
    [now + 100 * day, 'in 3 months'],
    [now + 5 * 365 * day, 'in 5 years'],
  ])('%s reads as %s', (at, expected) => {
    expect(formatRelative(at, now)).toBe(expected);
  });
});

describe('formatAbsolute', () => {
  it('includes the year and the time of day', () => {
    expect(formatAbsolute(now)).toMatch(/2026/);
    expect(formatAbsolute(now)).toMatch(/\d{1,2}:\d{2}/);
  });
});

describe('daysUntil', () => {
  it('rounds down and never goes below zero', () => {
    expect(daysUntil(now + 2.9 * day, now)).toBe(2);
    expect(daysUntil(now - day, now)).toBe(0);
  });
});
