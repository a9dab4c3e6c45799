import { afterEach, describe, expect, it } from 'vitest';
import { companyIdFor } from '../../main/core/oauth/connect-flow';
import { builtCliPath, cliEnvironment, connectThroughCli, runCli, useCliBuild } from '../cli/cli-process';
import { EngineHarness } from '../support/engine-harness';
import { expectOnlyLatestTokensSent, startCli, waitUntil } from './seams-support';

/**
 * Issue 8, item 2: a refresher frozen mid-request (SIGSTOP, a debugger, a paused VM) keeps its
 * lease however long it sleeps and whatever the clock says, and keeps the answer that arrived
 * while it slept; a refresher that died frees the lease at once.
 */
describe('a refresher paused or killed in the middle of a refresh', () => {
  const gate = useCliBuild();
  let harness: EngineHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function setUp(strict: boolean) {
    harness = await EngineHarness.start({ simulator: { strict }, keychain: 'system' });
    const env = cliEnvironment(harness, { REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10' });
    expect((await connectThroughCli(harness, env, "Larry's Bakery")).code).toBe(0);
    const larry = companyIdFor('sandbox', await harness.realmOf("Larry's Bakery"));
    return { harness, env, larry };
  }

  /**
   * Starts `refresh` in a child and freezes it once Intuit has applied its request and is still
   * holding the answer back (the simulator applies first, then waits its latency).
   */
  async function freezeMidRefresh(current: EngineHarness, env: NodeJS.ProcessEnv, larry: string) {
    const callsBefore = (await current.admin.tokenCalls()).length;
    const frozen = startCli(builtCliPath(), ['refresh', larry], env);
    await waitUntil(async () => (await current.admin.tokenCalls()).slice(callsBefore).some((call) => call.delivered === null), 'Intuit has applied the refresh');
    frozen.child.kill('SIGSTOP');
    return { frozen, callsBefore };
  }

  it('is never robbed while paused, even across a clock jump, and keeps the answer that arrived meanwhile', async (context) => {
    if (!gate().run) return context.skip(gate().reason);
    const { harness: current, env, larry } = await setUp(true);
    await current.admin.setFaults({ latencyMs: 300 });
    const requestTimeoutMs = 1_500;
    const { frozen, callsBefore } = await freezeMidRefresh(current, { ...env, REALMKEEPER_TEST_REQUEST_TIMEOUT_MS: String(requestTimeoutMs) }, larry);
    try {
      // Intuit answers while the refresher sleeps: the rotated token waits in its socket.
      await waitUntil(async () => (await current.admin.tokenCalls()).slice(callsBefore).some((call) => call.delivered === true), 'Intuit has answered the frozen refresh');
      // Another process, with a clock a day ahead, waits longer than the request timeout and gives up.
      const other = await runCli(['refresh', larry], { ...env, REALMKEEPER_TEST_LEASE_WAIT_MS: String(2 * requestTimeoutMs), REALMKEEPER_CLOCK_OFFSET_MS: String(86_400_000) });
      expect(other.code).toBe(1);
      expect(other.stderr).toContain(`(pid ${frozen.child.pid})`);
      expect(other.stderr).toContain('is still running');
      expect((await current.admin.tokenCalls()).length).toBe(callsBefore + 1);
    } finally {
      frozen.child.kill('SIGCONT');
    }
    const resumed = await frozen.exited;
    expect(resumed.stdout).toMatch(/^Refreshed /);
    expect(resumed.code).toBe(0);

    await current.admin.setFaults({ latencyMs: 0 });
    expect((await runCli(['refresh', larry], env)).stdout).toMatch(/^Refreshed /);
    expect((await runCli(['test', larry], env)).code).toBe(0);
    await expectOnlyLatestTokensSent(current);
  }, 90_000);

  it('frees the lease at once when the holder is killed', async (context) => {
    if (!gate().run) return context.skip(gate().reason);
    // Documented rules: a refresh within a day of the consent returns the same refresh token,
    // so the killed process's request (which Intuit may have applied) replaced nothing.
    const { harness: current, env, larry } = await setUp(false);
    await current.admin.setFaults({ latencyMs: 300 });
    const { frozen } = await freezeMidRefresh(current, env, larry);
    frozen.child.kill('SIGKILL');
    await frozen.exited;
    await current.admin.setFaults({ latencyMs: 0 });
    // A lease wait far shorter than any time-to-live: only a lease freed by the death can be had.
    const next = await runCli(['refresh', larry], { ...env, REALMKEEPER_TEST_LEASE_WAIT_MS: '1000' });
    expect(next.stderr).toBe('');
    expect(next.stdout).toMatch(/^Refreshed /);
    await expectOnlyLatestTokensSent(current);
  }, 90_000);
});
