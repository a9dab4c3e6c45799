import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { companyIdFor } from '../../main/core/oauth/connect-flow';
import { dueCompanies } from '../../main/core/scheduler/keep-alive-plan';
import { cliEnvironment, connectThroughCli, runCli, useCliBuild } from '../cli/cli-process';
import { EngineHarness } from '../support/engine-harness';
import { expectOnlyLatestTokensSent, keychainSet, readDatabase, storedGeneration } from './seams-support';

/**
 * Issue 8, item 1: a refresh writes the keychain, then SQLite. Whatever splits the two — a
 * kill -9 between the writes, a database restored from a backup — the keychain's set is the one
 * truth, and the next refresh repairs SQLite's copy and reaches Intuit. Under strict rotation, so
 * any stale token sent would show in the simulator's record.
 */
describe('the keychain and the database split by a crash or a restored backup', () => {
  const gate = useCliBuild();
  let harness: EngineHarness;
  let env: NodeJS.ProcessEnv;
  let larry: string;

  beforeEach(async (context) => {
    if (!gate().run) return context.skip(gate().reason);
    harness = await EngineHarness.start({ simulator: { strict: true }, keychain: 'system' });
    env = cliEnvironment(harness, { REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10' });
    const connected = await connectThroughCli(harness, env, "Larry's Bakery");
    expect(connected.code).toBe(0);
    larry = companyIdFor('sandbox', await harness.realmOf("Larry's Bakery"));
  }, 60_000);
  afterEach(async () => {
    await harness?.close();
  });

  it('kill -9 after the keychain write: the next refresh repairs the database and reaches Intuit', async () => {
    const crashed = await runCli(['refresh', larry], { ...env, REALMKEEPER_TEST_CRASH_AT: 'refresh_after_keychain_write' });
    expect(crashed.code).toBeNull();
    // The split the crash left: the keychain is a set ahead of SQLite's copy.
    const keychain = await keychainSet(harness, larry);
    expect(keychain?.generation).toBe(storedGeneration(harness, larry) + 1);

    // An hour on, the access token SQLite knows of is dead: `token` must not hand it out.
    await harness.advanceClock(2 * 3_600_000);
    const withOffset = { ...env, REALMKEEPER_CLOCK_OFFSET_MS: String(harness.now() - Date.now()) };
    const token = await runCli(['token', larry], withOffset);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).not.toBe(keychain?.accessToken);

    const refresh = await runCli(['refresh', larry], withOffset);
    expect(refresh.stderr).toBe('');
    expect(refresh.stdout).toMatch(/^Refreshed /);
    const test = await runCli(['test', larry], withOffset);
    expect(test.code).toBe(0);

    expect(storedGeneration(harness, larry)).toBe((await keychainSet(harness, larry))?.generation);
    const repaired = readDatabase(harness, (database) => database.prepare("SELECT message FROM events WHERE kind = 'stores_reconciled'").all());
    expect(repaired.length).toBeGreaterThan(0);
    await expectOnlyLatestTokensSent(harness);
  }, 90_000);

  it('a database restored from a backup: the keychain wins, and refreshes go on with the latest token', async () => {
    const database = join(harness.home, 'realmkeeper.db');
    const backup = join(harness.home, 'backup.db');
    // A backup taken the way a bookkeeper's backup tool does: the checkpointed file alone.
    readDatabase(harness, () => undefined);
    expect((await runCli(['status'], env)).code).toBe(0);
    copyFileSync(database, backup);
    for (let round = 0; round < 2; round += 1) expect((await runCli(['refresh', larry], env)).code).toBe(0);
    for (const suffix of ['-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
    copyFileSync(backup, database);
    expect(storedGeneration(harness, larry)).toBeLessThan((await keychainSet(harness, larry))?.generation ?? 0);

    const refresh = await runCli(['refresh', larry], env);
    expect(refresh.stdout).toMatch(/^Refreshed /);
    expect((await runCli(['test', larry], env)).code).toBe(0);
    await expectOnlyLatestTokensSent(harness);
  }, 90_000);

  it('the app does not spin on a split: its first pass repairs the copy, and nothing is due for hours', async () => {
    expect((await runCli(['refresh', larry], { ...env, REALMKEEPER_TEST_CRASH_AT: 'refresh_after_keychain_write' })).code).toBeNull();
    await harness.advanceClock(25 * 3_600_000);
    const engine = await harness.openEngine();
    const callsBefore = (await harness.admin.tokenCalls()).length;
    await engine.startBackground();
    expect((await harness.admin.tokenCalls()).length).toBe(callsBefore + 1);
    const rows = engine.companies().map((company) => ({
      id: company.id,
      lastRefreshAt: company.lastRefreshAt ?? undefined,
      accessExpiresAt: company.accessExpiresAt ?? undefined,
      retryNotBefore: undefined,
    }));
    expect(dueCompanies(rows, { keepAliveIntervalMs: 24 * 3_600_000 }, harness.now() + 3_600_000)).toEqual([]);
    await expectOnlyLatestTokensSent(harness);
  }, 90_000);
});
