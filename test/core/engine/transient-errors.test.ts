import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import type { RefreshResult } from '../../../main/core/tokens/refresh-result';
import { EngineHarness } from '../../support/engine-harness';
import { companyView, connectCompanies, sandboxCompanyNames, tokenRecorder, type TokenRecorder } from './support/refresh-fixtures';

describe('5xx, 429 and network errors', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;
  let recorder: TokenRecorder;

  beforeEach(async () => {
    harness = await EngineHarness.start();
    recorder = await tokenRecorder();
    engine = await harness.openEngine({ fetch: recorder.fetch });
  });
  afterEach(async () => {
    await harness?.close();
  });

  /** Three failed refreshes: each backs off further into the future than the last. */
  async function failThreeTimes(companyId: string): Promise<Array<Extract<RefreshResult, { kind: 'retrying' }>>> {
    const results: Array<Extract<RefreshResult, { kind: 'retrying' }>> = [];
    let previousDelay = 0;
    for (let failure = 0; failure < 3; failure += 1) {
      const before = harness.now();
      const result = await engine.refresh(companyId);
      if (result.kind !== 'retrying') throw new Error(`expected retrying, got ${result.kind}`);
      const delay = result.retryAt - before;
      expect(delay).toBeGreaterThan(previousDelay);
      previousDelay = delay;
      expect(companyView(engine, companyId)).toMatchObject({ status: 'retrying', cause: null, retryAt: result.retryAt });
      results.push(result);
    }
    return results;
  }

  async function expectRecovered(companyId: string) {
    expect(await engine.refresh(companyId)).toMatchObject({ kind: 'refreshed' });
    expect(companyView(engine, companyId)).toMatchObject({ status: 'connected', cause: null, retryReason: null, retryAt: null });
    expect(harness.events.filter((event) => event.kind === 'needs_reconnect')).toEqual([]);
  }

  it('backs off on 503 and recovers', async () => {
    const [larry] = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 1));
    if (larry === undefined) throw new Error('not connected');
    await harness.admin.setFaults({ failNext: { target: 'token', count: 3, status: 503 } });
    const results = await failThreeTimes(larry.id);
    expect(results.map((result) => result.reason)).toEqual(['intuit_error', 'intuit_error', 'intuit_error']);
    await expectRecovered(larry.id);
  });

  it('backs off on 429 as throttled and recovers', async () => {
    const [larry] = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 1));
    if (larry === undefined) throw new Error('not connected');
    await harness.admin.setFaults({ failNext: { target: 'token', count: 3, status: 429 } });
    const results = await failThreeTimes(larry.id);
    expect(results.map((result) => result.reason)).toEqual(['throttled', 'throttled', 'throttled']);
    await expectRecovered(larry.id);
  });

  it('backs off as a network problem when Intuit cannot be reached, even once the discovery document is stale', async () => {
    const [larry] = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 1));
    if (larry === undefined) throw new Error('not connected');
    recorder.setOffline(true);
    const results = await failThreeTimes(larry.id);
    expect(results.map((result) => result.reason)).toEqual(['network', 'network', 'network']);
    // Two hours on, the cached discovery document has expired: refetching it fails the same way.
    await harness.advanceClock(2 * 3_600_000);
    const later = await engine.refresh(larry.id);
    expect(later).toMatchObject({ kind: 'retrying', reason: 'network' });
    expect(companyView(engine, larry.id).status).toBe('retrying');
    recorder.setOffline(false);
    await expectRecovered(larry.id);
  });

  it('the scheduler waits for retryAt before trying again', async () => {
    const [larry] = await connectCompanies(harness, engine, sandboxCompanyNames.slice(0, 1));
    if (larry === undefined) throw new Error('not connected');
    await harness.advanceClock(25 * 3_600_000);
    await harness.admin.setFaults({ failNext: { target: 'token', count: 1, status: 502 } });
    await engine.startBackground();
    const failed = companyView(engine, larry.id);
    expect(failed).toMatchObject({ status: 'retrying', retryReason: 'intuit_error' });
    const callsAfterFailure = (await harness.admin.tokenCalls()).length;

    await engine.scheduler.replan();
    expect((await harness.admin.tokenCalls()).length).toBe(callsAfterFailure);

    await harness.advanceClock((failed.retryAt ?? 0) - harness.now() + 1_000);
    await engine.scheduler.replan();
    expect((await harness.admin.tokenCalls()).length).toBe(callsAfterFailure + 1);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'connected', retryAt: null });
  });
});
