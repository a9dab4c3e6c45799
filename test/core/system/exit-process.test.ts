import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChildScript, type BuiltScript } from '../../support/child-script';

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Found by the chaos run: a keychain call that never answers holds a worker thread, and Node's
 * exit waits for every worker thread, so `realmkeeper connect` never ended. The process now
 * ends anyway, and says why.
 */
describe.runIf(process.platform !== 'win32')('ending a process whose keychain never answered', () => {
  let script: BuiltScript | undefined;
  let folder: string;
  beforeAll(async () => {
    script = await buildChildScript(join(import.meta.dirname, 'stuck-keychain-exit-child.ts'), ['keytar']);
    folder = mkdtempSync(join(tmpdir(), 'realmkeeper-fifo-'));
  }, 120_000);
  afterAll(() => {
    script?.remove();
    rmSync(folder, { recursive: true, force: true });
  });

  const run = (argument: string): Promise<Ended> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [script?.path ?? '', argument], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });

  it('exits with its code when the keychain answered', async () => {
    expect(await run('none')).toMatchObject({ code: 0, stdout: 'read answered\n', stderr: '' });
  });

  it('ends even though a keychain call still holds a thread, saying so', async () => {
    const fifo = join(folder, 'never-written');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const ended = await run(fifo);
    expect(ended.stdout).toBe('failed keychain_locked\n');
    expect(ended.signal).toBe('SIGKILL');
    expect(ended.stderr).toContain('the system keychain never answered a call; ending without waiting for it (exit status 5 intended)');
  }, 30_000);
});
