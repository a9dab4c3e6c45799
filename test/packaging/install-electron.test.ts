import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm install`'s Electron step (scripts/install-electron.mjs, our postinstall): whatever happens
 * to the download, it exits 0 and says in one line that the window will not be available, and why.
 */
const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts', 'install-electron.mjs');
const cache = mkdtempSync(join(tmpdir(), 'realmkeeper-electron-cache-'));

function electronInstalled(): boolean {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

function runScript(environment: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script], { cwd: root, env: environment, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stderr }));
  });
}

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe.skipIf(electronInstalled())('the Electron download step of npm install', () => {
  it('when the download fails, exits 0 with one line saying the window will not be available and why', async () => {
    const environment: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`, electron_config_cache: cache };
    delete environment.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const result = await runScript(environment);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Realmkeeper: Electron [\d.]+'s binary could not be downloaded \(.*ECONNREFUSED.*\), so the desktop window will not be available; `npm start` opens the app in your browser instead/);
  }, 120_000);

  it('when told to skip the download, exits 0 and says so in one line', async () => {
    const result = await runScript({ ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron [\d.]+'s binary was not downloaded and the desktop window will not be available/)]);
  });
});
