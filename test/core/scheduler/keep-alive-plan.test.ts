import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAt, dueCompanies, nextWakeAt, type ScheduledCompany } from '../../../main/core/scheduler/keep-alive-plan';
import { retryDelayMs } from '../../../main/core/scheduler/retry-backoff';

const day = 86_400_000;
const policy = { keepAliveIntervalMs: day };
const startPolicy = { keepAliveIntervalMs: day, refreshExpiredAccess: true };

function company(id: string, lastRefreshAt: number | undefined, accessExpiresAt?: number, retryNotBefore?: number): ScheduledCompany {
  return { id, lastRefreshAt, accessExpiresAt, retryNotBefore };
}

describe('keep-alive plan', () => {
  it('is due a keep-alive interval after the last refresh, and at start also when the access token has expired', () => {
    expect(dueAt(company('a', 10 * day, 20 * day), policy)).toBe(11 * day);
    expect(dueAt(company('b', 10 * day, 10 * day + 3_600_000), policy)).toBe(11 * day);
    expect(dueAt(company('b', 10 * day, 10 * day + 3_600_000), startPolicy)).toBe(10 * day + 3_600_000);
    expect(dueAt(company('c', undefined), policy)).toBe(0);
  });

  it('does not retry a backing-off company before its time', () => {
    expect(dueAt(company('a', 0, 0, 5 * day), policy)).toBe(5 * day);
  });

  it('lists due companies oldest refresh first and leaves the rest', () => {
    const now = 30 * day;
    const due = dueCompanies([company('recent', now - 1000, now + day), company('old', 2 * day, 3 * day), company('older', day, 2 * day)], startPolicy, now);
    expect(due.map((entry) => entry.id)).toEqual(['older', 'old']);
  });

  it('wakes for the earliest company and only then', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ last: fc.integer({ min: 0, max: 100 * day }), access: fc.integer({ min: 0, max: 200 * day }) }), { minLength: 1, maxLength: 30 }), (rows) => {
        const companies = rows.map((row, index) => company(String(index), row.last, row.access));
        const wake = nextWakeAt(companies, policy);
        expect(wake).toBeDefined();
        if (wake === undefined) return;
        expect(dueCompanies(companies, policy, wake - 1)).toHaveLength(0);
        expect(dueCompanies(companies, policy, wake).length).toBeGreaterThan(0);
      }),
    );
  });

  it('wakes for nothing when there is nothing to refresh', () => {
    expect(nextWakeAt([], policy)).toBeUndefined();
  });
});

describe('retry backoff', () => {
  it('grows, stays within its ceiling and honours a floor such as Retry-After', () => {
    const policyForBackoff = { initialDelayMs: 1000, maximumDelayMs: 60_000 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (attempt, randomValue) => {
        const delay = retryDelayMs(attempt, policyForBackoff, () => randomValue);
        const ceiling = Math.min(60_000, 1000 * 2 ** attempt);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
    expect(retryDelayMs(0, policyForBackoff, () => 0, 60_000)).toBe(60_000);
  });
});
