import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionEngine, EngineOptions } from '../../../main/core/engine/connection-engine';
import type { SimulatorOptions } from '../../../main/simulator/index';
import { recordRefreshSent } from '../../../main/core/storage/refresh-journal';
import { EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompanies, dayMs, journalOf, sandboxCompanyNames } from './support/refresh-fixtures';

describe('a refresh whose answer never arrives', () => {
  let harness: EngineHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function setUp(simulator: SimulatorOptions = {}, options: Partial<EngineOptions> = {}) {
    harness = await EngineHarness.start({ simulator });
    const engine: ConnectionEngine = await harness.openEngine(options);
    const companies = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 2));
    return { harness, engine, companies };
  }

  it('survives under the documented settings: the stored refresh token still works inside the grace', async () => {
    const { harness, engine, companies } = await setUp();
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    // A day on, so the refresh that loses its answer also rotates the refresh token.
    await harness.advanceClock(dayMs + 60_000);
    await harness.admin.setFaults({ lostResponse: { realmId: larry.realmId } });

    const lost = await engine.refresh(larry.id);
    expect(lost).toMatchObject({ kind: 'retrying' });
    expect(journalOf(engine, larry.id)[0]?.outcome).toBe('unknown');

    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
    const refreshes = (await harness.admin.tokenCalls()).filter((call) => call.realmId === larry.realmId && call.grantType === 'refresh_token');
    expect(refreshes.map((call) => [call.injectedFault, call.rotated, call.usedLatest, call.error])).toEqual([
      ['lost_response', true, true, null],
      // The token Intuit had replaced, accepted inside its 24-hour grace.
      [null, false, false, null],
    ]);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'connected', cause: null, retryAt: null });
    // From here on the engine sends the latest again.
    await harness.advanceClock(dayMs + 60_000);
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
    expect((await harness.admin.lastTokenCall()).usedLatest).toBe(true);
  });

  it('is flagged answer_lost, not revoked, when Intuit rotates on every refresh and keeps no grace', async () => {
    const { harness, engine, companies } = await setUp({ settings: { rotateOnEveryRefresh: true, staleGraceSeconds: 0 } });
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    await harness.admin.setFaults({ lostResponse: { realmId: larry.realmId } });
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'retrying' });

    // Intuit only ever says invalid_grant; the simulator knows it was the stale token, and the
    // engine's journal knows why that token was stale: its rotation's answer was lost. So the
    // simulator's `stale_refresh_token` is the engine's `answer_lost`.
    expect(await engine.refresh(larry.id)).toEqual({ kind: 'needs_reconnect', cause: 'answer_lost' });
    const refused = (await harness.admin.tokenCalls()).filter((call) => call.realmId === larry.realmId && call.error !== null);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((call) => call.error === 'invalid_grant' && call.cause === 'stale_refresh_token')).toBe(true);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'needs_reconnect', cause: 'answer_lost' });

    // Asked again ("refresh now", a keep-alive), the token Intuit replaced is never sent again.
    const callsBefore = (await harness.admin.tokenCalls()).length;
    expect(await engine.refresh(larry.id, { force: true })).toEqual({ kind: 'needs_reconnect', cause: 'answer_lost' });
    expect((await harness.admin.tokenCalls()).length).toBe(callsBefore);
  });

  it("never sends a lost answer's token a third time, even when the second send's answer went unrecorded", async () => {
    const { harness, engine, companies } = await setUp({ settings: { rotateOnEveryRefresh: true, staleGraceSeconds: 0 } });
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    await harness.admin.setFaults({ lostResponse: { realmId: larry.realmId } });
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'retrying' });
    const [lost] = journalOf(engine, larry.id);
    if (lost === undefined) throw new Error('no journal entry');
    expect(lost.outcome).toBe('unknown');
    // The chaos run's case: the one extra send went out, and the database (locked by another
    // program) refused to record its answer, so the journal shows it sent and never settled.
    recordRefreshSent(engine.database, { companyId: larry.id, leaseGeneration: lost.leaseGeneration + 1, tokenGeneration: lost.tokenGeneration, refreshTokenHash: lost.refreshTokenHash }, harness.now());

    const callsBefore = (await harness.admin.tokenCalls()).length;
    expect(await engine.refresh(larry.id)).toEqual({ kind: 'needs_reconnect', cause: 'answer_lost' });
    expect((await harness.admin.tokenCalls()).length).toBe(callsBefore);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'needs_reconnect', cause: 'answer_lost' });
  });

  it('journals a timed-out refresh as unknown and does not flag the company', async () => {
    const { harness, engine, companies } = await setUp({}, { requestTimeoutMs: 150 });
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    await harness.admin.setFaults({ latencyMs: 600 });
    const timedOut = await engine.refresh(larry.id);
    expect(timedOut).toMatchObject({ kind: 'retrying' });
    expect(journalOf(engine, larry.id)[0]?.outcome).toBe('unknown');
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'retrying', cause: null });
    expect(engine.events({ companyId: larry.id, limit: 10 }).events[0]).toMatchObject({ kind: 'refresh', outcome: 'unknown' });

    await harness.admin.setFaults({ latencyMs: 0 });
    await sleep(700); // the delayed request finishes at the simulator (real latency, real time)
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'connected', retryAt: null });
    expect((await harness.admin.tokenCalls()).filter((call) => call.error !== null)).toEqual([]);
  });
});
