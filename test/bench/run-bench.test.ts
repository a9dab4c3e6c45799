import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchKeys } from '../../bench/bench-keys';
import { ensureCliBuilt, repositoryRoot } from '../cli/cli-process';

/**
 * Keeps `npm run bench` from rotting: the runner, built as `npm run bench` builds it, runs every
 * benchmark with a handful of companies (`--tiny`), and `--json` must end with one parseable
 * line holding every key. Its figures are not checked: speed is reported, never asserted.
 */
const outDir = join(repositoryRoot, 'dist', `.bench-test-${process.pid}`);
let removeCliCopy: (() => void) | undefined;

beforeAll(() => {
  // The runner starts bin/realmkeeper.js (dist/main) and serves dist/renderer: build what is missing.
  if (!existsSync(join(repositoryRoot, 'dist', 'renderer', 'index.html'))) {
    const renderer = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repositoryRoot, encoding: 'utf8' });
    if (renderer.status !== 0) throw new Error(`building the renderer failed: ${renderer.stderr}`);
  }
  const build = spawnSync('npx', ['vite', 'build', '--mode', 'bench', '--logLevel', 'warn', '--outDir', outDir], { cwd: repositoryRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the bench failed: ${build.stderr}`);
}, 120_000);

beforeAll(async () => {
  removeCliCopy = await ensureCliBuilt();
}, 120_000);

afterAll(() => {
  removeCliCopy?.();
  rmSync(outDir, { recursive: true, force: true });
});

describe('npm run bench -- --tiny --json', () => {
  it('prints a table, then one line of JSON with every benchmark key last on stdout', () => {
    const run = spawnSync(process.execPath, [join(outDir, 'run-bench.js'), '--tiny', '--json'], { cwd: repositoryRoot, encoding: 'utf8', timeout: 280_000 });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Realmkeeper benchmarks/);
    const report = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['machine', 'keychain', 'notes', ...benchKeys]));
    // Where the system keychain answers (CI), the headline figures must all be there.
    for (const key of ['launchRefreshRatioToIdeal', 'coldStartMedianMs', 'getAccessTokenMedianMs', 'idleWakeupsPerHour', 'engineRssBytes']) {
      expect(typeof report[key], key).toBe('number');
    }
  }, 300_000);
});
