import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import type { CompanyView } from '../../../main/core/engine/company-view';
import type { EngineEvent } from '../../../main/core/engine/engine-event';
import type { Fetch } from '../../../main/core/intuit/send-token-request';
import { createKeychainTokenVault } from '../../../main/core/keychain/keychain-token-vault';
import { useHarness, type EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompany, dayMs, sandboxCompanyNames, tokenRecorder } from '../engine/support/refresh-fixtures';

const hourMs = 3_600_000;

function expiryWarnings(events: readonly EngineEvent[]) {
  return events.filter((event): event is Extract<EngineEvent, { kind: 'expiry_warning' }> => event.kind === 'expiry_warning');
}

describe('the keep-alive scheduler', () => {
  let harness: EngineHarness;

  useHarness((created) => {
    harness = created;
  });

  it('on start refreshes the companies that are due, oldest first, at most `refreshConcurrency` at a time', async () => {
    writeFileSync(join(harness.home, 'config.json'), JSON.stringify({ refreshConcurrency: 2 }));
    for (const name of ['Harbor Books', 'Maple Bistro']) await harness.admin.addCompany({ environment: 'sandbox', companyName: name });
    // Records which company each refresh request was for, in the order the requests leave.
    const sentFor: string[] = [];
    const tokenOwners = new Map<string, string>();
    const recorder = await tokenRecorder();
    const orderingFetch: Fetch = (input, init) => {
      const token = typeof init?.body === 'string' ? new URLSearchParams(init.body).get('refresh_token') : null;
      if (token !== null) sentFor.push(tokenOwners.get(token) ?? 'unknown');
      return recorder.fetch(input, init);
    };
    const engine = await harness.openEngine({ fetch: orderingFetch });
    const names = [...sandboxCompanyNames, 'Harbor Books', 'Maple Bistro'];
    const connected: CompanyView[] = [];
    // Connected two hours apart; the last one half an hour before the start.
    for (const [index, name] of names.entries()) {
      if (index > 0) await harness.advanceClock(index === names.length - 1 ? 90 * 60_000 : 2 * hourMs);
      connected.push(await connectCompany(harness, engine, name));
    }
    await harness.advanceClock(30 * 60_000);
    const vault = createKeychainTokenVault(harness.secrets);
    for (const company of connected) tokenOwners.set((await vault.read(company.id))?.refreshToken ?? '', company.name);
    await harness.admin.setFaults({ latencyMs: 80 });

    await engine.startBackground();

    // The first four have expired access tokens; the last was connected 30 minutes ago. Two run
    // at a time, so the two oldest leave first (in either order), then the next two.
    expect(sentFor).toHaveLength(4);
    expect(sentFor.slice(0, 2).sort()).toEqual(names.slice(0, 2).sort());
    expect(sentFor.slice(2).sort()).toEqual(names.slice(2, 4).sort());
    expect(recorder.maximumInFlight()).toBe(2);
    const last = connected.at(-1);
    if (last === undefined) throw new Error('none connected');
    expect(companyView(engine, last.id).lastRefreshAt).toBe(last.lastRefreshAt);
    for (const company of connected) expect(companyView(engine, company.id).status).toBe('connected');
    expect(harness.events.filter((event) => event.kind === 'refresh_progress').at(-1)).toMatchObject({ progress: { total: 4, done: 4 } });

    // A later pass refreshes only by the keep-alive interval, not because access tokens expired.
    await harness.admin.setFaults({ latencyMs: 0 });
    await harness.advanceClock(2 * hourMs);
    sentFor.length = 0;
    await engine.scheduler.replan();
    expect(sentFor).toEqual([]);
  });

  it('warns once when a company that could not be refreshed is within 14 days of expiring', async () => {
    const recorder = await tokenRecorder();
    const engine: ConnectionEngine = await harness.openEngine({ fetch: recorder.fetch });
    const company = await connectCompany(harness, engine, "Larry's Bakery");
    // The laptop was off for 90 days and comes back without a network.
    await harness.advanceClock(90 * dayMs);
    recorder.setOffline(true);
    await engine.startBackground();
    expect(companyView(engine, company.id)).toMatchObject({ status: 'retrying', retryReason: 'network' });
    const warnings = expiryWarnings(harness.events);
    expect(warnings).toEqual([expect.objectContaining({ warning: expect.objectContaining({ companyId: company.id, horizon: 'inactivity' }) })]);
    expect(engine.events({ companyId: company.id, limit: 100 }).events.filter((event) => event.kind === 'expiry_warning')).toHaveLength(1);

    // Still offline at the next tries: no second warning.
    for (let pass = 0; pass < 3; pass += 1) {
      await harness.advanceClock(2 * hourMs);
      await engine.scheduler.replan();
    }
    expect(expiryWarnings(harness.events)).toHaveLength(1);

    // Back online: refreshed, a new 101-day horizon, nothing more to warn about.
    recorder.setOffline(false);
    await harness.advanceClock(2 * hourMs);
    await engine.scheduler.replan();
    expect(companyView(engine, company.id)).toMatchObject({ status: 'connected', retryAt: null });
    expect(expiryWarnings(harness.events)).toHaveLength(1);
  });

  it("warns once as Intuit's hard cap nears, however many daily refreshes succeed meanwhile", async () => {
    await harness.admin.updateSettings({ hardCapSeconds: 20 * 86_400 });
    const engine = await harness.openEngine();
    const company = await connectCompany(harness, engine, "Larry's Bakery");
    expect(companyView(engine, company.id).refreshHardExpiresAt).not.toBeNull();
    await engine.startBackground();
    for (let day = 1; day <= 12; day += 1) {
      await harness.advanceClock(dayMs);
      await engine.scheduler.replan();
    }
    expect(companyView(engine, company.id).status).toBe('connected');
    const warnings = expiryWarnings(harness.events);
    expect(warnings).toEqual([expect.objectContaining({ warning: expect.objectContaining({ companyId: company.id, horizon: 'hard_cap' }) })]);
  });
});
