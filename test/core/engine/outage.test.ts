import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import { useEngineHarness, useHarness, type EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompanies, sandboxCompanyNames } from './support/refresh-fixtures';

describe('a 30-minute Intuit outage that answers invalid_grant to good tokens', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;

  useEngineHarness((setup) => {
    ({ harness, engine } = setup);
  });

  for (const mode of ['one after another', 'all at once'] as const) {
    it(`flags no company, says "possible Intuit outage", and recovers after the window (${mode})`, async () => {
      const companies = await connectCompanies(harness, engine, sandboxCompanyNames);
      await harness.admin.setFaults({ outage: { forSeconds: 1800 } });

      const refreshAll = () =>
        mode === 'all at once'
          ? Promise.all(companies.map((company) => engine.refresh(company.id)))
          : companies.reduce<Promise<unknown[]>>(async (done, company) => [...(await done), await engine.refresh(company.id)], Promise.resolve([]));
      const during = await refreshAll();
      expect(during).toEqual(companies.map(() => expect.objectContaining({ kind: 'retrying', reason: 'outage' })));
      const refused = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token');
      // At least one refusal each (with their access tokens still good, QuickBooks itself says
      // the connections stand, so no second refusal is needed to know it is not a revocation).
      expect(refused.length).toBeGreaterThanOrEqual(3);
      expect(refused.every((call) => call.error === 'invalid_grant' && call.cause === 'outage')).toBe(true);

      for (const company of companies) expect(companyView(engine, company.id)).toMatchObject({ status: 'retrying', retryReason: 'outage', cause: 'outage' });
      expect(harness.events.filter((event) => event.kind === 'needs_reconnect')).toEqual([]);
      expect(harness.events).toContainEqual(expect.objectContaining({ kind: 'outage_suspected', environment: 'sandbox' }));
      const logged = engine.events({ limit: 100 }).events.filter((event) => event.kind === 'outage_suspected');
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.every((event) => /possible Intuit outage/i.test(event.message ?? ''))).toBe(true);

      await harness.advanceClock(31 * 60_000);
      const after = await refreshAll();
      expect(after).toEqual(companies.map(() => expect.objectContaining({ kind: 'refreshed' })));
      for (const company of companies) {
        expect(companyView(engine, company.id)).toMatchObject({ status: 'connected', cause: null, retryReason: null, retryAt: null });
      }
    });
  }
});

describe('the outage tolerance', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;

  useEngineHarness((setup) => {
    ({ harness, engine } = setup);
  });

  it('counts from Intuit’s first refusal, not from an earlier failure of another kind', async () => {
    const companies = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 2));
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    // Past the access tokens' hour, so QuickBooks cannot vouch for the connections.
    await harness.advanceClock(2 * 60 * 60_000);
    await harness.admin.setFaults({ failNext: { target: 'token', count: 1, status: 503 } });
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'retrying' });

    // Five hours on (the tolerance is four), the first refusal of an outage: a possible outage, not a flag.
    await harness.advanceClock(5 * 60 * 60_000);
    await harness.admin.setFaults({ outage: { forSeconds: 1800 } });
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'retrying', reason: 'outage' });
    expect(harness.events.filter((event) => event.kind === 'needs_reconnect')).toEqual([]);
  });
});

describe('the probe of a healthy company during an outage', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;

  useEngineHarness((setup) => {
    ({ harness, engine } = setup);
  });

  it('takes a set issued before the refusal, found fresh because the database lagged the keychain, as no answer from Intuit', async () => {
    const [larry, amy] = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 2));
    if (larry === undefined || amy === undefined) throw new Error('not connected');
    await harness.advanceClock(2 * 60 * 60_000);
    expect(await engine.refresh(amy.id)).toMatchObject({ kind: 'refreshed' });
    // As after a crash between the keychain write and the database write of Amy's refresh.
    const database = new BetterSqlite3(join(harness.home, 'realmkeeper.db'));
    database.prepare('UPDATE companies SET token_generation = token_generation - 1 WHERE id = ?').run(amy.id);
    database.close();

    await harness.admin.setFaults({ outage: { forSeconds: 1800 } });
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'retrying', reason: 'outage' });
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'retrying' });
  });
});

describe('an access token asked about by a process whose clock is behind', () => {
  let harness: EngineHarness;

  useHarness((created) => {
    harness = created;
  });

  it('is no proof of a revocation when QuickBooks answers that it has expired', async () => {
    const app = await harness.openEngine();
    const [larry] = await connectCompanies(harness, app, sandboxCompanyNames.slice(0, 1));
    if (larry === undefined) throw new Error('not connected');
    await harness.advanceClock(2 * 60 * 60_000);
    // This process's clock is three hours behind: the access token Intuit let expire an hour ago looks good to it.
    const behind = await harness.openEngine({ now: () => harness.now() - 3 * 60 * 60_000 });
    await harness.admin.setFaults({ outage: { forSeconds: 1800 } });
    expect(await behind.refresh(larry.id)).toMatchObject({ kind: 'retrying', reason: 'outage' });
    expect(companyView(behind, larry.id).status).not.toBe('needs_reconnect');
    await behind.close();
  });
});
