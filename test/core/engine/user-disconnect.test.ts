import { describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import { useEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompanies, dayMs, sandboxCompanyNames } from './support/refresh-fixtures';

describe('a user disconnects the app from one company inside QuickBooks', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;

  useEngineHarness((setup) => {
    ({ harness, engine } = setup);
  });

  it('is known revoked at the first refusal while its access token lasts: QuickBooks refuses that token too', async () => {
    const [larry] = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 2));
    if (larry === undefined) throw new Error('not connected');
    await harness.admin.disconnect({ realmId: larry.realmId });
    const before = (await harness.admin.tokenCalls()).length;

    expect(await engine.refresh(larry.id)).toEqual({ kind: 'needs_reconnect', cause: 'revoked' });
    // One refusal, no retry and no probe of another company: the access token settled it.
    const calls = (await harness.admin.tokenCalls()).slice(before);
    expect(calls.map((call) => [call.realmId, call.error, call.cause])).toEqual([[larry.realmId, 'invalid_grant', 'revoked']]);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'needs_reconnect', cause: 'revoked' });
  });

  it('flags that company revoked after one confirmation, and leaves the others connected and refreshing', async () => {
    const [larry, amy, third] = await connectCompanies(harness, engine, sandboxCompanyNames);
    if (larry === undefined || amy === undefined || third === undefined) throw new Error('not connected');
    // Past the access tokens' hour, so only the refresh token can be asked.
    await harness.advanceClock(2 * 3_600_000);
    await harness.admin.disconnect({ realmId: larry.realmId });
    const before = (await harness.admin.tokenCalls()).length;

    expect(await engine.refresh(larry.id)).toEqual({ kind: 'needs_reconnect', cause: 'revoked' });

    // Exactly: the refusal, one retry, and one probe of a healthy company that Intuit accepts.
    const confirmation = (await harness.admin.tokenCalls()).slice(before);
    expect(confirmation.map((call) => [call.realmId, call.error, call.cause])).toEqual([
      [larry.realmId, 'invalid_grant', 'revoked'],
      [larry.realmId, 'invalid_grant', 'revoked'],
      [expect.not.stringMatching(larry.realmId), null, null],
    ]);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'needs_reconnect', cause: 'revoked' });
    expect(engine.events({ companyId: larry.id, limit: 50 }).events).toContainEqual(
      expect.objectContaining({ kind: 'needs_reconnect', cause: 'revoked' }),
    );

    // The next day's pass leaves the flagged company alone and keeps the others alive.
    await engine.startBackground();
    await harness.advanceClock(dayMs);
    await engine.scheduler.replan();
    const afterPass = (await harness.admin.tokenCalls()).slice(before + confirmation.length);
    // (The start pass also renews access tokens that expired while the clock moved.)
    expect([...new Set(afterPass.map((call) => call.realmId))].sort()).toEqual([amy.realmId, third.realmId].sort());
    expect(afterPass.every((call) => call.error === null && call.usedLatest === true)).toBe(true);
    expect(await engine.getAccessToken(larry.id)).toEqual({ kind: 'needs_reconnect', cause: 'revoked' });
    expect((await harness.admin.tokenCalls()).length).toBe(before + confirmation.length + afterPass.length);

    for (const other of [amy, third]) expect(companyView(engine, other.id)).toMatchObject({ status: 'connected', cause: null, retryAt: null });
    const flagged = harness.events.filter((event) => event.kind === 'needs_reconnect');
    expect(flagged).toEqual([{ kind: 'needs_reconnect', companyId: larry.id, companyName: "Larry's Bakery", cause: 'revoked' }]);
  });
});
