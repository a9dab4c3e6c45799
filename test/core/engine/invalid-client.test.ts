import { describe, expect, it } from 'vitest';
import { useHarness, type EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompanies, sandboxCompanyNames } from './support/refresh-fixtures';

describe('Intuit refuses the app keys (invalid_client)', () => {
  let harness: EngineHarness;

  useHarness((created) => {
    harness = created;
  });

  it('marks the configuration, never the companies', async () => {
    const good = await harness.openEngine();
    const companies = await connectCompanies(harness, good, sandboxCompanyNames.slice(0, 2));
    const wrongSecret = await harness.openEngine({ env: { ...harness.environment(), REALMKEEPER_SANDBOX_CLIENT_SECRET: 'x'.repeat(40) } });

    await wrongSecret.startBackground();
    await harness.advanceClock(25 * 3_600_000);
    await wrongSecret.scheduler.replan();
    for (const company of companies) {
      expect(await wrongSecret.refresh(company.id)).toMatchObject({ kind: 'retrying', reason: 'configuration' });
      expect(companyView(wrongSecret, company.id)).toMatchObject({ status: 'retrying', cause: null, retryReason: 'configuration' });
    }
    const calls = (await harness.admin.tokenCalls()).filter((call) => call.grantType !== 'authorization_code');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.status === 401 && call.error === 'invalid_client')).toBe(true);
    expect(harness.events.filter((event) => event.kind === 'needs_reconnect')).toEqual([]);
    expect(harness.events).toContainEqual({ kind: 'configuration_rejected', environment: 'sandbox' });
    const logged = wrongSecret.events({ limit: 100 }).events;
    expect(logged.some((event) => event.kind === 'configuration_rejected' && event.cause === 'invalid_client')).toBe(true);
    expect(logged.some((event) => event.kind === 'needs_reconnect')).toBe(false);

    // With the right keys the same companies refresh at once: nothing about them was broken.
    for (const company of companies) {
      expect(await good.refresh(company.id)).toMatchObject({ kind: 'refreshed' });
      expect(companyView(good, company.id)).toMatchObject({ status: 'connected', retryAt: null });
    }
  });
});
