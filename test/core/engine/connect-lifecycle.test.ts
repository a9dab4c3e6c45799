import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import { useHarness, type EngineHarness } from '../../support/engine-harness';
import { refusesConnections, waitUntil } from '../../support/wait-until';
import { nodeArgumentsForTypescript } from '../storage/fixtures/run-typescript';

const holdWriteLockScript = fileURLToPath(new URL('../storage/fixtures/hold-write-lock.ts', import.meta.url));

/** Another process takes the database's write lock, for real, and keeps it until released. */
async function holdWriteLock(path: string): Promise<{ release(): Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, nodeArgumentsForTypescript(holdWriteLockScript, [path]), { stdio: 'pipe' });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'locked') resolve();
    });
    child.once('close', (code) => reject(new Error(`the lock holder exited ${code}`)));
  });
  return {
    async release() {
      child.stdin.end();
      await closed;
    },
  };
}

describe('a connect attempt always ends, whatever fails during its exchange', () => {
  let harness: EngineHarness;
  let lock: { release(): Promise<void> } | undefined;

  useHarness((created) => {
    harness = created;
  });
  afterEach(async () => {
    await lock?.release();
    lock = undefined;
  });

  it('settles failed when another process locks the database while Intuit answers, and the listener closes', async () => {
    // The code exchange goes to the simulator over HTTP as always; it only leaves once another
    // process holds the database's write lock, so the answer meets a locked database every time.
    const engine: ConnectionEngine = await harness.openEngine({
      fetch: async (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('grant_type=authorization_code')) {
          lock = await holdWriteLock(join(harness.home, 'realmkeeper.db'));
        }
        return fetch(input, init);
      },
    });
    const started = await engine.connect({ environment: 'sandbox' });
    const attemptId = started.attempt.attemptId;
    const redirectUrl = await harness.consent(started.authorizationUrl, await harness.realmOf("Larry's Bakery"));
    const delivered = await harness.deliver(redirectUrl);

    const settled = await engine.waitForAttempt(attemptId);
    expect(settled.state).toMatchObject({ step: 'failed', cause: 'exchange_interrupted', detail: expect.stringContaining('database is busy') });
    expect(delivered.page).toContain('The company was not connected');
    expect(engine.flow.pending()).toHaveLength(0);
    expect(engine.cancelAttempt(attemptId)?.state.step).toBe('failed');
    // Asked at another path: a callback, even a forged one, would restart the listener's linger.
    await waitUntil(() => refusesConnections(new URL('/', harness.redirectUri).href), 'the loopback listener closes');
    // The code was sent once, and its outcome is kept: it is never sent again.
    expect((await harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code')).toHaveLength(1);
  }, 60_000);
});
