import { describe, expect, it } from 'vitest';
import { summarizeInvalidGrants } from '../../main/app/activity-summary';

describe('summarizeInvalidGrants', () => {
  it('counts each company Intuit refused once, by confirmed cause and by day, however many refusals it took', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    const day = 86_400_000;
    const summary = summarizeInvalidGrants(
      [
        { at: now - day, companyId: 'a', kind: 'refresh', intuitError: 'invalid_grant', cause: null },
        { at: now - day + 1, companyId: 'a', kind: 'refresh', intuitError: 'invalid_grant', cause: null },
        { at: now - day + 2, companyId: 'a', kind: 'needs_reconnect', intuitError: null, cause: 'revoked' },
        { at: now - 2 * day, companyId: 'b', kind: 'refresh', intuitError: 'invalid_grant', cause: null },
        { at: now - 2 * day, companyId: 'c', kind: 'token_exchange', intuitError: 'invalid_grant', cause: 'code_reused' },
        { at: now - 2 * day, companyId: 'b', kind: 'configuration_rejected', intuitError: 'invalid_client', cause: 'invalid_client' },
        { at: now - 40 * day, companyId: 'a', kind: 'refresh', intuitError: 'invalid_grant', cause: 'revoked' },
      ],
      30,
      now,
    );
    expect(summary.invalidGrantsByCause).toEqual([
      { cause: 'code_reused', count: 1 },
      { cause: 'revoked', count: 1 },
      { cause: 'unconfirmed', count: 1 },
    ]);
    expect(summary.byDay).toEqual([
      { day: '2026-01-08', count: 2 },
      { day: '2026-01-09', count: 1 },
    ]);
    expect(summary.companiesLost).toBe(3);
  });
});
