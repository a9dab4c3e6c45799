import { describe, expect, it } from 'vitest';
import { expiryWarningFor } from '../../../main/core/scheduler/expiry-warnings';
import type { CompanyHealth } from '../../../main/core/storage/company-health';
import type { Company } from '../../../main/core/storage/company-repository';

const day = 86_400_000;
const now = 1_000 * day;

function company(overrides: Partial<Company>): Company {
  return {
    id: 'c1',
    realmId: '9341452148659287',
    environment: 'sandbox',
    name: "Larry's Bakery",
    clientIdFingerprint: 'f',
    status: 'connected',
    cause: null,
    lastRefreshAt: now - day,
    accessExpiresAt: now,
    refreshExpiresAt: now + 100 * day,
    refreshHardExpiresAt: null,
    tokenGeneration: 1,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

function health(expiryWarnedAt: number | null): CompanyHealth {
  return { lastCheckedAt: null, retryReason: null, retryNotBefore: null, failingSince: null, failureCount: 0, expiryWarnedAt };
}

describe('expiryWarningFor', () => {
  it('warns within 14 days of the inactivity horizon, and not before', () => {
    expect(expiryWarningFor(company({ refreshExpiresAt: now + 15 * day }), health(null), now)).toBeUndefined();
    expect(expiryWarningFor(company({ refreshExpiresAt: now + 10 * day }), health(null), now)).toMatchObject({ horizon: 'inactivity' });
  });

  it('does not repeat a hard-cap warning after later refreshes, whose answers move the cap by seconds', () => {
    const cap = now + 10 * day;
    const warnedAt = now - 2 * day;
    expect(expiryWarningFor(company({ refreshHardExpiresAt: cap + 1_500, lastRefreshAt: now - 1_000 }), health(warnedAt), now)).toBeUndefined();
  });

  it('warns again once a refresh moved the inactivity horizon out and it came near again', () => {
    const warnedAt = now - 90 * day;
    expect(expiryWarningFor(company({ refreshExpiresAt: now + 13 * day }), health(warnedAt), now)).toMatchObject({ horizon: 'inactivity' });
  });

  it('says nothing about a company that already needs reconnecting', () => {
    expect(expiryWarningFor(company({ status: 'needs_reconnect', refreshExpiresAt: now + day }), health(null), now)).toBeUndefined();
  });
});
