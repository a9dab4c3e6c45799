import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { EngineHarness } from '../support/engine-harness';
import { afterAll, beforeAll } from 'vitest';
import { keychainGate, type SystemGate } from '../support/system-requirements';

export const repositoryRoot = resolve(import.meta.dirname, '..', '..');
const buildFolder = join(repositoryRoot, 'dist', 'main');
/** The snapshot of the build this test file runs; see ensureCliBuilt. */
let builtCli = join(buildFolder, 'cli.js');

/** The copy of the built command line this test file runs (after `useCliBuild`'s set-up). */
export function builtCliPath(): string {
  return builtCli;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtTime(): number {
  try {
    return statSync(join(buildFolder, 'cli.js')).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The tests run the built command, as a bookkeeper would. `npm test` builds first; a bare
 * `vitest run test/cli` builds here when dist/main/cli.js is missing or older than main/.
 * A lock folder keeps two test files from building at once (the build empties dist/main).
 * Each test file then runs its own copy of the build, under dist/ so that `better-sqlite3` and
 * `keytar` still resolve from node_modules: a rebuild during a long run (the build empties
 * dist/main) would otherwise pull the modules from under processes that are starting.
 * Returns a function that removes the copy.
 */
export async function ensureCliBuilt(): Promise<() => void> {
  const lock = join(repositoryRoot, 'node_modules', '.cache', 'realmkeeper-cli-build.lock');
  mkdirSync(join(lock, '..'), { recursive: true });
  const giveUpAt = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > giveUpAt) rmSync(lock, { recursive: true, force: true });
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  const snapshot = join(repositoryRoot, 'dist', `.cli-test-${process.pid}-${Date.now()}`, 'main');
  try {
    if (builtTime() < newestSourceTime(join(repositoryRoot, 'main'))) {
      const build = spawnSync('npx', ['vite', 'build', '--mode', 'node', '--logLevel', 'warn'], { cwd: repositoryRoot, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`building the CLI failed:\n${build.stdout}\n${build.stderr}`);
    }
    cpSync(buildFolder, snapshot, { recursive: true, filter: (source) => !source.endsWith('.map') });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  builtCli = join(snapshot, 'cli.js');
  return () => rmSync(join(snapshot, '..'), { recursive: true, force: true });
}

/** The child's environment: this process's (PATH, the D-Bus session) plus the harness's settings. */
export function cliEnvironment(harness: EngineHarness, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // A command-line process reads the real keychain: an in-memory harness's secrets are not there.
  if (harness.keychain !== 'system') throw new Error("cliEnvironment needs a harness started with { keychain: 'system' }");
  const environment: NodeJS.ProcessEnv = { ...process.env, ...harness.environment() };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete environment[name];
    else environment[name] = value;
  }
  return environment;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, options: { input?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [builtCli, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`realmkeeper ${args.join(' ')} did not finish in time; stdout: ${stdout} stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, durationMs: performance.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface ConnectRun {
  readonly authorizationUrl: string;
  readonly result: Promise<CliRun>;
}

/**
 * Starts `realmkeeper connect --no-browser` and resolves once it has printed the authorization
 * URL (so its loopback listener is up); `result` settles when the process exits.
 */
export function startConnect(env: NodeJS.ProcessEnv, extraArgs: readonly string[] = []): Promise<ConnectRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [builtCli, 'connect', '--env', 'sandbox', '--no-browser', ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<CliRun>((resolvePromise) => {
    child.once('close', (code) => resolvePromise({ code, stdout, stderr, durationMs: performance.now() - started }));
  });
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout });
    let found = false;
    lines.on('line', (line) => {
      stdout += `${line}\n`;
      if (!found && /^https?:\/\//.test(line)) {
        found = true;
        resolvePromise({ authorizationUrl: line.trim(), result });
      }
    });
    void result.then((run) => {
      if (!found) reject(new Error(`connect exited ${run.code} before printing a URL: ${run.stderr}`));
    });
  });
}

/** Connects a simulator company through the real command, as the bookkeeper would. */
export async function connectThroughCli(harness: EngineHarness, env: NodeJS.ProcessEnv, companyName: string): Promise<CliRun> {
  const connect = await startConnect(env);
  const redirectUrl = await harness.consent(connect.authorizationUrl, await harness.realmOf(companyName));
  await harness.deliver(redirectUrl);
  return connect.result;
}

/**
 * A private copy of the built command line for this test file,
 * removed after it. Returns the keychain gate for tests that decide for themselves.
 */
export function useCliBuild(): () => SystemGate {
  let gate: SystemGate | undefined;
  let removeBuildCopy: (() => void) | undefined;
  beforeAll(async () => {
    gate = await keychainGate();
    // Some command-line tests run without a keychain (usage, settings, a private keyring): always a copy.
    removeBuildCopy = await ensureCliBuilt();
  }, 120_000);
  afterAll(() => removeBuildCopy?.());
  return () => {
    if (gate === undefined) throw new Error('useCliBuild: the gate is read before beforeAll ran');
    return gate;
  };
}
