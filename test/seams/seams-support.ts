import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect } from 'vitest';
import { createKeychainTokenVault } from '../../main/core/keychain/keychain-token-vault';
import type { StoredTokenSet } from '../../main/core/keychain/token-set-codec';
import { EngineHarness } from '../support/engine-harness';
import { PrivateKeyring } from '../support/private-keyring';

/** The data folder's database as another program would read it: read-only, beside the processes. */
export function readDatabase<T>(harness: EngineHarness, read: (database: BetterSqlite3.Database) => T): T {
  const database = new BetterSqlite3(join(harness.home, 'realmkeeper.db'), { readonly: true, fileMustExist: true });
  try {
    return read(database);
  } finally {
    database.close();
  }
}

export function storedGeneration(harness: EngineHarness, companyId: string): number {
  return readDatabase(harness, (database) => (database.prepare('SELECT token_generation AS g FROM companies WHERE id = ?').get(companyId) as { g: number }).g);
}

export function journalOutcomes(harness: EngineHarness, companyId: string): string[] {
  return readDatabase(harness, (database) =>
    (database.prepare('SELECT outcome FROM refresh_journal WHERE company_id = ? ORDER BY id').all(companyId) as Array<{ outcome: string }>).map((row) => row.outcome),
  );
}

export async function keychainSet(harness: EngineHarness, companyId: string): Promise<StoredTokenSet | undefined> {
  return createKeychainTokenVault(harness.secrets).read(companyId);
}

/** Polls until `condition` holds: for a state another process reaches, which sends no event here. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every refresh Intuit saw used the latest refresh token, and none was refused. */
export async function expectOnlyLatestTokensSent(harness: EngineHarness): Promise<void> {
  const refreshes = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token');
  expect(refreshes.filter((call) => call.cause === 'stale_refresh_token')).toEqual([]);
  expect(refreshes.every((call) => call.usedLatest === true)).toBe(true);
}

export interface ChildRun {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts a command-line process without waiting for it, for tests that stop or kill it. */
export function startCli(cliPath: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildRun {
  const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

/**
 * A harness per test (strict simulator unless asked otherwise) and, for tests that lock the
 * keychain, a keyring of its own; everything started is closed after the test.
 */
export function useSeamsHarness() {
  let harness: EngineHarness | undefined;
  let keyring: PrivateKeyring | undefined;
  afterEach(async () => {
    await harness?.close();
    keyring?.close();
    harness = undefined;
    keyring = undefined;
  });
  return {
    async start(strict = true): Promise<EngineHarness> {
      harness = await EngineHarness.start({ simulator: { strict }, keychain: 'system' });
      return harness;
    },
    async startWithKeyring(): Promise<{ harness: EngineHarness; keyring: PrivateKeyring }> {
      keyring = await PrivateKeyring.start();
      harness = await EngineHarness.start({ simulator: { strict: true }, keychain: 'system' });
      return { harness, keyring };
    },
  };
}
