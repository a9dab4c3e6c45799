import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import { useEngineHarness, type EngineHarness } from '../../support/engine-harness';
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
  let engine: ConnectionEngine;

  useEngineHarness((setup) => {
    ({ harness, engine } = setup);
  });

  it('settles failed when another process locks the database while Intuit answers, and the listener closes', async () => {
    const started = await engine.connect({ environment: 'sandbox' });
    const attemptId = started.attempt.attemptId;
    const redirectUrl = await harness.consent(started.authorizationUrl, await harness.realmOf("Larry's Bakery"));
    // Intuit takes its time to answer; meanwhile another process takes the write lock.
    await harness.admin.setFaults({ latencyMs: 4_000 });
    const delivered = harness.deliver(redirectUrl);
    await waitUntil(() => harness.events.some((event) => event.kind === 'attempt_changed' && event.attempt.state.step === 'exchanging'), 'the exchange starts');
    const lock = await holdWriteLock(join(harness.home, 'realmkeeper.db'));
    try {
      const settled = await engine.waitForAttempt(attemptId);
      expect(settled.state).toMatchObject({ step: 'failed', cause: 'exchange_interrupted', detail: expect.stringContaining('database is busy') });
      expect((await delivered).page).toContain('The company was not connected');
    } finally {
      await lock.release();
    }
    await harness.admin.clearFaults();
    expect(engine.flow.pending()).toHaveLength(0);
    expect(engine.cancelAttempt(attemptId)?.state.step).toBe('failed');
    // Asked at another path: a callback, even a forged one, would restart the listener's linger.
    await waitUntil(() => refusesConnections(new URL('/', harness.redirectUri).href), 'the loopback listener closes');
    // The code was sent once, and its outcome is kept: it is never sent again.
    expect((await harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code')).toHaveLength(1);
  }, 60_000);
});
