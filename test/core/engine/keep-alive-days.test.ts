import { describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import { useEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompanies, dayMs, sandboxCompanyNames } from './support/refresh-fixtures';

describe('keeping connections alive over months of simulated time', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;

  useEngineHarness((setup) => {
    ({ harness, engine } = setup);
  });

  it('survives 120 days of daily scheduler passes, always sending the latest rotated refresh token', async () => {
    const companies = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 2));
    await engine.startBackground();
    const startedAt = Date.now();
    for (let day = 1; day <= 120; day += 1) {
      await harness.advanceClock(dayMs);
      await engine.scheduler.replan();
      for (const company of companies) expect(companyView(engine, company.id).status, `day ${day}`).toBe('connected');
    }
    const elapsedMs = Date.now() - startedAt;
    console.info(`120 simulated days, 2 companies: ${elapsedMs} ms`);

    const refreshes = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(2 * 120);
    expect(refreshes.filter((call) => call.error !== null)).toEqual([]);
    expect(refreshes.every((call) => call.usedLatest === true)).toBe(true);
    // Each refresh came more than 24 h after the token's issue, so Intuit rotated every time.
    expect(refreshes.every((call) => call.rotated === true)).toBe(true);
    expect(new Set(refreshes.map((call) => call.issuedRefreshTokenHash)).size).toBe(2 * 120);
    for (const company of companies) {
      const view = companyView(engine, company.id);
      expect(view.refreshExpiresAt ?? 0).toBeGreaterThan(harness.now() + 100 * dayMs);
      expect((await engine.getAccessToken(company.id)).kind).toBe('token');
    }
    expect(harness.events.filter((event) => event.kind === 'needs_reconnect')).toEqual([]);
    // About 5 s alone; each simulated day is real HTTP, D-Bus keychain writes and SQLite.
  }, 60_000);

  it('flags every company unrefreshed for 101 days as expired_refresh_token, as the simulator recorded, not as an outage', async () => {
    const companies = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 2));
    await harness.advanceClock(101 * dayMs + 60_000);
    for (const company of companies) {
      expect(await engine.refresh(company.id)).toEqual({ kind: 'needs_reconnect', cause: 'expired_refresh_token' });
      expect(companyView(engine, company.id)).toMatchObject({ status: 'needs_reconnect', cause: 'expired_refresh_token' });
    }
    const refused = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((call) => call.error === 'invalid_grant' && call.cause === 'expired_refresh_token')).toBe(true);
    expect(harness.events.filter((event) => event.kind === 'outage_suspected')).toEqual([]);
    expect(engine.events({ limit: 100 }).events.filter((event) => event.kind === 'outage_suspected')).toEqual([]);
  });
});
