import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../main/core/engine/connection-engine';
import type { EngineEvent } from '../../main/core/engine/engine-event';
import { builtCliPath, cliEnvironment, runCli, useCliBuild } from '../cli/cli-process';
import { companyView, connectCompanies, sandboxCompanyNames } from '../core/engine/support/refresh-fixtures';
import { EngineHarness, type HarnessKeychain } from '../support/engine-harness';
import { expectOnlyLatestTokensSent, journalOutcomes, keychainSet, startCli, waitUntil } from './seams-support';

const hourMs = 3_600_000;

/**
 * Issue 8, items 4–6 and 8: refusals judged on evidence every process shares, never a superseded
 * token sent to confirm one, the cause the simulator's record says, and a disconnect or a close
 * that waits for the refresh under way. All under the simulator's strict rotation.
 */
describe('refusals, confirmations and the lifecycle of a refresh', () => {
  const cliGate = useCliBuild();
  let harness: EngineHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  /** The in-memory secret store, but the real keychain where a command-line process takes part. */
  async function setUp(names: readonly string[], options: Parameters<EngineHarness['openEngine']>[0] = {}, keychain: HarnessKeychain = 'memory') {
    harness = await EngineHarness.start({ simulator: { strict: true }, keychain });
    const engine = await harness.openEngine(options);
    const companies = await connectCompanies(harness, engine, names);
    // Past the access tokens' hour: only the refresh tokens can be asked.
    await harness.advanceClock(2 * hourMs);
    return { harness, engine, companies };
  }

  /** An outage, and a tolerance so small it is past at once: flagged, but marked to be checked again. */
  async function flagDuringOutage(current: EngineHarness, engine: ConnectionEngine, companyId: string) {
    await current.admin.setFaults({ outage: { forSeconds: 3_600 } });
    await engine.refresh(companyId);
    await engine.refresh(companyId);
    expect(companyView(engine, companyId)).toMatchObject({ status: 'needs_reconnect' });
  }

  /**
   * Larry flagged during an outage and marked to be checked again, Intuit answering again, and a
   * command line's environment on the same keychain, data folder and clock.
   */
  async function flaggedThenAnswering() {
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 3), { outageToleranceMs: 1 }, 'system');
    const [larry, amy, nina] = companies;
    if (larry === undefined || amy === undefined || nina === undefined) throw new Error('not connected');
    await flagDuringOutage(current, engine, larry.id);
    await current.admin.clearFaults();
    const env = cliEnvironment(current, { REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10', REALMKEEPER_CLOCK_OFFSET_MS: String(current.now() - Date.now()) });
    return { current, engine, larry, amy, nina, env };
  }

  it('an outage seen by a new process flags nobody: the refusals are evidence every process reads', async (context) => {
    if (!cliGate().run) return context.skip(cliGate().reason);
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 2), {}, 'system');
    const [larry, amy] = companies;
    if (larry === undefined || amy === undefined) throw new Error('not connected');
    await current.admin.setFaults({ outage: { forSeconds: 3_600 } });

    // The app: Larry refused, Amy refused when probed — a possible outage.
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'retrying', reason: 'outage' });
    // A new process, with nothing in memory, both companies backing off: still nobody flagged.
    const env = cliEnvironment(current, { REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10', REALMKEEPER_CLOCK_OFFSET_MS: String(current.now() - Date.now()) });
    const cli = await runCli(['refresh', amy.id], env);
    expect(cli.code).toBe(7);
    expect(cli.stdout + cli.stderr).toContain('outage');
    expect(engine.companies().map((company) => company.status)).not.toContain('needs_reconnect');

    await current.admin.clearFaults();
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
    expect(await engine.refresh(amy.id)).toMatchObject({ kind: 'refreshed' });
    await expectOnlyLatestTokensSent(current);
  }, 90_000);

  it('a company flagged while an outage was suspected is checked again once Intuit answers, and recovers', async () => {
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 2), { outageToleranceMs: 1 });
    const [larry, amy] = companies;
    if (larry === undefined || amy === undefined) throw new Error('not connected');
    await flagDuringOutage(current, engine, larry.id);

    await current.admin.clearFaults();
    const recovered = new Promise<EngineEvent>((resolve) => {
      engine.subscribe((event) => {
        if (event.kind === 'recovered' && event.companyId === larry.id) resolve(event);
      });
    });
    expect(await engine.refresh(amy.id)).toMatchObject({ kind: 'refreshed' });
    await recovered;
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'connected', cause: null });
    await expectOnlyLatestTokensSent(current);
  }, 60_000);

  it('a process killed while re-checking a flagged company leaves it marked: the next answer from Intuit, elsewhere, recovers it', async (context) => {
    if (!cliGate().run) return context.skip(cliGate().reason);
    const { current, engine, larry, amy, nina, env } = await flaggedThenAnswering();
    // A command line refreshes Amy (Intuit answers), sets off the re-check of Larry, and is
    // killed just before that re-check sends: the second refresh it starts.
    const killed = await runCli(['refresh', amy.id], { ...env, REALMKEEPER_TEST_CRASH_AT: 'refresh_before_send@2' });
    expect(killed.code).toBeNull();
    expect(companyView(engine, amy.id)).toMatchObject({ status: 'connected' });
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'needs_reconnect' });

    expect(await engine.refresh(nina.id)).toMatchObject({ kind: 'refreshed' });
    await waitUntil(() => companyView(engine, larry.id).status === 'connected', 'Larry was checked again and recovered', 15_000);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'connected', cause: null });
    await expectOnlyLatestTokensSent(current);
  }, 90_000);

  it('a re-check whose process meets a held database write lock leaves the company marked: the next answer from Intuit recovers it', async (context) => {
    if (!cliGate().run) return context.skip(cliGate().reason);
    const { current, engine, larry, amy, nina, env } = await flaggedThenAnswering();
    // A command line refreshes Nina and re-checks Larry; while Intuit applies that re-check,
    // another program takes the database's write lock and keeps it until the command ends.
    await current.admin.setFaults({ latencyMs: 400 });
    const callsBefore = (await current.admin.tokenCalls()).length;
    const command = startCli(builtCliPath(), ['refresh', nina.id], env);
    await waitUntil(async () => (await current.admin.tokenCalls()).slice(callsBefore).some((call) => call.realmId === larry.realmId && call.delivered === null), 'Intuit is applying the re-check of Larry', 20_000);
    const other = new BetterSqlite3(join(current.home, 'realmkeeper.db'), { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    try {
      expect((await command.exited).code).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The keychain took Larry's new set; the database could not say so, and still shows him flagged.
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'needs_reconnect' });

    await current.admin.setFaults({ latencyMs: 0 });
    expect(await engine.refresh(amy.id)).toMatchObject({ kind: 'refreshed' });
    await waitUntil(() => companyView(engine, larry.id).status === 'connected', 'Larry was checked again and recovered', 15_000);
    await expectOnlyLatestTokensSent(current);
  }, 120_000);

  it('a re-check whose answer is lost is checked again, and ends with the cause the journal knows, not the outage\'s', async () => {
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 3), { outageToleranceMs: 1, requestTimeoutMs: 2_000 });
    const [larry, amy, nina] = companies;
    if (larry === undefined || amy === undefined || nina === undefined) throw new Error('not connected');
    await flagDuringOutage(current, engine, larry.id);

    // Intuit answers again; the re-check of Larry it sets off loses its answer (Intuit rotated).
    await current.admin.clearFaults();
    await current.admin.setFaults({ lostResponse: { realmId: larry.realmId } });
    expect(await engine.refresh(amy.id)).toMatchObject({ kind: 'refreshed' });
    await waitUntil(async () => (await current.admin.tokenCalls()).some((call) => call.realmId === larry.realmId && call.injectedFault === 'lost_response'), 'the re-check was sent');
    await waitUntil(() => journalOutcomes(current, larry.id).includes('unknown'), 'the re-check settled');

    // The next answer in the environment checks Larry again: under strict rotation the token sent
    // is the replaced one, once, and the journal says why it is refused.
    expect(await engine.refresh(nina.id)).toMatchObject({ kind: 'refreshed' });
    await waitUntil(() => companyView(engine, larry.id).cause === 'answer_lost', 'Larry was checked again and flagged answer_lost', 10_000);
    expect(companyView(engine, larry.id)).toMatchObject({ status: 'needs_reconnect', cause: 'answer_lost' });
    const larrysSends = (await current.admin.tokenCalls()).filter((call) => call.realmId === larry.realmId && call.grantType === 'refresh_token');
    // The replaced token went out once after its lost answer, and never again.
    expect(larrysSends.filter((call) => call.usedLatest === false)).toHaveLength(1);
  }, 60_000);

  it('a revocation after a 5xx is called revoked, as the simulator records it, not a lost answer', async () => {
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 2));
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    await current.admin.setFaults({ failNext: { target: 'token', count: 1, status: 503 } });
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'retrying' });
    await current.admin.disconnect({ realmId: larry.realmId });
    await current.advanceClock(hourMs);

    expect(await engine.refresh(larry.id)).toEqual({ kind: 'needs_reconnect', cause: 'revoked' });
    const refused = (await current.admin.tokenCalls()).filter((call) => call.realmId === larry.realmId && call.error === 'invalid_grant');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((call) => call.cause === 'revoked')).toBe(true);
    await expectOnlyLatestTokensSent(current);
  }, 60_000);

  it('confirming a refusal never sends a token Intuit replaced, whatever else is going on', async () => {
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames);
    const [larry, amy] = companies;
    if (larry === undefined || amy === undefined) throw new Error('not connected');
    // A refresh that rotates, then a revocation, an outage for another, and refreshes racing.
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
    await current.admin.disconnect({ realmId: larry.realmId });
    await current.advanceClock(2 * hourMs);
    const results = await Promise.all([engine.refresh(larry.id), engine.refresh(larry.id), engine.refresh(amy.id), engine.getAccessToken(amy.id)]);
    expect(results[0]).toEqual({ kind: 'needs_reconnect', cause: 'revoked' });
    const calls = (await current.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token');
    expect(calls.filter((call) => call.cause === 'stale_refresh_token')).toEqual([]);
  }, 60_000);

  it('disconnect waits for the refresh under way, revokes with the latest token and leaves no keychain entry behind', async () => {
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 2));
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    await current.admin.setFaults({ latencyMs: 400 });
    const refreshing = engine.refresh(larry.id);
    await waitUntil(() => journalOutcomes(current, larry.id).includes('sent'), 'the refresh is on its way');
    const order: string[] = [];
    const disconnecting = engine.disconnect(larry.id).then((result) => {
      order.push('disconnected');
      return result;
    });
    expect(await refreshing).toMatchObject({ kind: 'refreshed' });
    order.push('refreshed');
    expect((await disconnecting).revoke.kind).toBe('revoked');
    // The disconnect waited for the refresh (it is this engine's own), then revoked.
    expect(order).toEqual(['refreshed', 'disconnected']);
    // With the token that refresh brought, not the one it replaced.
    const revocations = (await current.admin.tokenCalls()).filter((call) => call.endpoint === 'revoke');
    expect(revocations.map((call) => call.usedLatest)).toEqual([true]);
    expect(await keychainSet(current, larry.id)).toBeUndefined();
    const connection = (await current.admin.connections()).find((candidate) => candidate.realmId === larry.realmId);
    expect(connection?.revokedBecause).toBe('revoke_endpoint');
    await expectOnlyLatestTokensSent(current);
  }, 60_000);

  it('close() lets a refresh under way reach the keychain before the database closes', async () => {
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 1));
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    const before = await keychainSet(current, larry.id);
    await current.admin.setFaults({ latencyMs: 400 });
    const refreshing = engine.refresh(larry.id);
    await engine.close();
    expect(await refreshing).toMatchObject({ kind: 'refreshed' });
    const after = await keychainSet(current, larry.id);
    expect(after?.generation).toBe((before?.generation ?? 0) + 1);
    // A new process picks up exactly where it left: the latest token works.
    await current.admin.clearFaults();
    const next: ConnectionEngine = await current.openEngine();
    expect(await next.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
    await expectOnlyLatestTokensSent(current);
  }, 60_000);

  it('a listener that throws neither stops the others nor leaves a refresh half done', async () => {
    const errors: unknown[] = [];
    const { harness: current, engine, companies } = await setUp(sandboxCompanyNames.slice(0, 1), { onInternalError: (error) => errors.push(error) });
    const [larry] = companies;
    if (larry === undefined) throw new Error('not connected');
    const heard: string[] = [];
    engine.subscribe(() => {
      throw new Error('a broken listener');
    });
    engine.subscribe((event) => heard.push(event.kind));
    expect(await engine.refresh(larry.id)).toMatchObject({ kind: 'refreshed' });
    expect(heard).toContain('company_changed');
    expect(errors.length).toBeGreaterThan(0);
    // The update the listeners heard of was made whole: SQLite's copy moved to the new set.
    expect(companyView(engine, larry.id).lastRefreshAt).toBeGreaterThan(larry.lastRefreshAt ?? 0);
    expect((await keychainSet(current, larry.id))?.generation).toBe(engine.findCompany(larry.id).tokenGeneration);
  }, 60_000);
});
