import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { companyIdFor } from '../../main/core/oauth/connect-flow';
import { builtCliPath, cliEnvironment, connectThroughCli, runCli, useCliBuild } from '../cli/cli-process';
import { expectOnlyLatestTokensSent, journalOutcomes, startCli, storedGeneration, waitUntil, useSeamsHarness } from './seams-support';

/**
 * Issue 8, item 9: another program holds the database's write lock when Intuit answers, and a
 * locked keyring meets a disconnect. Each gets its own message and exit code, and loses nothing.
 */
describe('a locked database after Intuit answered, and a locked keyring at disconnect', () => {
  const gate = useCliBuild();
  const seams = useSeamsHarness();

  it('a refresh Intuit answered while the database is locked is kept, reported as done, and caught up later', async (context) => {
    if (!gate().run) return context.skip(gate().reason);
    const current = await seams.start();
    const env = cliEnvironment(current, { REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10' });
    expect((await connectThroughCli(current, env, "Larry's Bakery")).code).toBe(0);
    const larry = companyIdFor('sandbox', await current.realmOf("Larry's Bakery"));
    const generationBefore = storedGeneration(current, larry);

    await current.admin.setFaults({ latencyMs: 500 });
    const refresh = startCli(builtCliPath(), ['refresh', larry], env);
    await waitUntil(() => journalOutcomes(current, larry).includes('sent'), 'the refresh is on its way to Intuit');
    // Another program takes the write lock and keeps it past the refresher's busy timeout.
    const other = new BetterSqlite3(join(current.home, 'realmkeeper.db'), { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    let done;
    try {
      done = await refresh.exited;
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/^Refreshed /);
    expect(done.code).toBe(0);
    // The database could not take the new set's times; the keychain did, and wins next time.
    expect(storedGeneration(current, larry)).toBe(generationBefore);

    await current.admin.setFaults({ latencyMs: 0 });
    const next = await runCli(['refresh', larry], { ...env, REALMKEEPER_TEST_LEASE_WAIT_MS: '2000' });
    expect(next.stderr).toBe('');
    expect(next.stdout).toMatch(/^Refreshed /);
    expect(storedGeneration(current, larry)).toBe(generationBefore + 2);
    expect((await runCli(['test', larry], env)).code).toBe(0);
    await expectOnlyLatestTokensSent(current);
  }, 90_000);

  it('disconnect with the keyring locked forgets nothing and says to unlock; unlocked, it revokes', async (context) => {
    if (!gate().run) return context.skip(gate().reason);
    const { harness: current, keyring } = await seams.startWithKeyring();
    const env = cliEnvironment(current, { ...keyring.env });
    expect((await connectThroughCli(current, env, "Larry's Bakery")).code).toBe(0);
    const larry = companyIdFor('sandbox', await current.realmOf("Larry's Bakery"));

    keyring.lock();
    const refused = await runCli(['disconnect', larry], env);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/locked|not answering|not running/);
    expect(refused.stdout).not.toContain('Removed');
    expect((await runCli(['status', '--json'], env)).stdout).toContain(larry);
    expect((await current.admin.connections()).find((connection) => connection.realmId !== null)?.revokedAtMs).toBeNull();

    await keyring.unlock();
    const disconnected = await runCli(['disconnect', larry], env);
    expect(disconnected.code).toBe(0);
    expect(disconnected.stdout).toContain('Intuit revoked the connection');
    expect((await current.admin.connections()).every((connection) => connection.revokedBecause === 'revoke_endpoint')).toBe(true);
  }, 90_000);
});
