import { afterEach, describe, expect, it } from 'vitest';
import type { Fetch } from '../../../main/core/intuit/send-token-request';
import { createKeychainTokenVault } from '../../../main/core/keychain/keychain-token-vault';
import { EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompanies, connectCompany, sandboxCompanyNames } from '../engine/support/refresh-fixtures';

const strict = { settings: { rotateOnEveryRefresh: true, staleGraceSeconds: 0 } };

describe('concurrent refreshes', () => {
  let harness: EngineHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('20 concurrent getAccessToken and refresh calls in one process make one refresh call', async () => {
    harness = await EngineHarness.start({ simulator: strict });
    const engine = await harness.openEngine();
    const company = await connectCompany(harness, engine, "Larry's Bakery");
    await harness.advanceClock(61 * 60_000);
    const before = (await harness.admin.tokenCalls()).length;

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? engine.getAccessToken(company.id) : engine.refresh(company.id))),
    );
    const calls = (await harness.admin.tokenCalls()).slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ grantType: 'refresh_token', error: null, usedLatest: true });
    const tokens = new Set(results.map((result) => (result.kind === 'token' ? result.accessToken : result.kind)));
    expect(tokens.size).toBeGreaterThanOrEqual(1);
    expect([...tokens].filter((value) => value === 'retrying' || value === 'needs_reconnect')).toEqual([]);
  });

  it('two engines on one home refreshing the same company under strict rotation never send a stale token', async () => {
    harness = await EngineHarness.start({ simulator: strict });
    const first = await harness.openEngine();
    const second = await harness.openEngine();
    const company = await connectCompany(harness, first, "Larry's Bakery");
    for (let round = 0; round < 8; round += 1) {
      await harness.advanceClock(61 * 60_000);
      const results = await Promise.all([first, second, first, second].flatMap((engine) => [engine.refresh(company.id), engine.getAccessToken(company.id)]));
      expect(results.filter((result) => !['refreshed', 'already_fresh', 'token'].includes(result.kind))).toEqual([]);
    }
    const refreshes = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token');
    expect(refreshes.length).toBeGreaterThanOrEqual(8);
    expect(refreshes.filter((call) => call.error !== null)).toEqual([]);
    expect(refreshes.every((call) => call.usedLatest === true)).toBe(true);
    expect(companyView(first, company.id).status).toBe('connected');
  });

  it("a probe of a healthy company never sends that company's token beside a refresh already under way", async () => {
    harness = await EngineHarness.start({ simulator: strict });
    const active = harness;
    // Holds the first refresh of one company until the probe is waiting on it.
    let held: { token: string; release: () => void; released: Promise<void> } | undefined;
    const holdingFetch: Fetch = async (input, init) => {
      const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
      if (held !== undefined && body?.get('refresh_token') === held.token) {
        const { released } = held;
        held = undefined;
        await released;
      }
      return fetch(input, init);
    };
    const engine = await active.openEngine({ fetch: holdingFetch });
    const [larry, amy] = await connectCompanies(active, engine, sandboxCompanyNames.slice(0, 2));
    if (larry === undefined || amy === undefined) throw new Error('not connected');
    const amyTokens = await createKeychainTokenVault(active.secrets).read(amy.id);
    if (amyTokens === undefined) throw new Error('no tokens');
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    held = { token: amyTokens.refreshToken, release, released };

    const amyRefresh = engine.refresh(amy.id);
    await active.admin.disconnect({ realmId: larry.realmId });
    const larryRefresh = engine.refresh(larry.id);
    // Let Larry's refusal, retry and probe get under way, then let Amy's own request go.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    expect(await larryRefresh).toEqual({ kind: 'needs_reconnect', cause: 'revoked' });
    expect(await amyRefresh).toMatchObject({ kind: 'refreshed' });

    const amyCalls = (await active.admin.tokenCalls()).filter((call) => call.realmId === amy.realmId && call.grantType === 'refresh_token');
    expect(amyCalls).toHaveLength(1);
    expect(amyCalls[0]).toMatchObject({ error: null, usedLatest: true });
    expect(companyView(engine, amy.id).status).toBe('connected');
  });
});
