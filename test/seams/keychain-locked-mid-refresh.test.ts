import { describe, expect, it } from 'vitest';
import { companyIdFor } from '../../main/core/oauth/connect-flow';
import { builtCliPath, cliEnvironment, connectThroughCli, runCli, useCliBuild } from '../cli/cli-process';
import { expectOnlyLatestTokensSent, journalOutcomes, startCli, waitUntil, useSeamsHarness } from './seams-support';

/**
 * Issue 8, item 3: the keyring locks after Intuit rotated the refresh token and before the
 * keychain took it. The new token exists nowhere else: the refresh keeps it (and the lease),
 * tells the bookkeeper at once to unlock the keychain, and saves it as soon as it can. On a
 * keyring of its own, since locking the shared one would break the tests running beside it.
 */
describe('the keyring locked in the middle of a refresh', () => {
  const gate = useCliBuild();
  const seams = useSeamsHarness();

  it('keeps the rotated refresh token, says to unlock, and saves it once unlocked', async (context) => {
    if (!gate().run) return context.skip(gate().reason);
    const { harness: current, keyring } = await seams.startWithKeyring();
    const env = cliEnvironment(current, { ...keyring.env, REALMKEEPER_TEST_SAVE_RETRY_MS: '100', REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10' });
    expect((await connectThroughCli(current, env, "Larry's Bakery")).code).toBe(0);
    const larry = companyIdFor('sandbox', await current.realmOf("Larry's Bakery"));

    await current.admin.setFaults({ latencyMs: 500 });
    const refresh = startCli(builtCliPath(), ['refresh', larry], env);
    await waitUntil(() => journalOutcomes(current, larry).includes('sent'), 'the refresh is on its way to Intuit');
    keyring.lock();
    await waitUntil(() => refresh.output().stderr.includes('unlock the keychain now'), 'the command says to unlock the keychain');
    expect(refresh.output().stderr).toContain("Larry's Bakery will need reconnecting");
    // Still waiting for the keychain, lease held: nothing else is sent meanwhile.
    expect(refresh.child.exitCode).toBeNull();
    await keyring.unlock();
    const done = await refresh.exited;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Refreshed /);

    await current.admin.setFaults({ latencyMs: 0 });
    expect((await runCli(['refresh', larry], env)).stdout).toMatch(/^Refreshed /);
    expect((await runCli(['test', larry], env)).code).toBe(0);
    await expectOnlyLatestTokensSent(current);
  }, 90_000);
});
