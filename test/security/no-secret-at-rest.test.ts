import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiResult, AppEvent, Channel } from '../../preload/contract/api-contract';
import { createConsoleLogger } from '../../main/app/app-logger';
import type { CliContext } from '../../main/cli/cli-context';
import { runCli } from '../../main/cli/run-cli';
import { startServiceHarness } from '../app/app-service-harness';
import { dayMs } from '../core/engine/support/refresh-fixtures';
import { findIssuedSecrets, findSecretsIn, issuedSecretList, SecretIndex } from '../support/find-issued-secrets';

function value<Result>(result: ApiResult<Channel>): Result {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Result;
}

/** The command line run in this process, its output kept. */
function cliContext(env: Record<string, string>, now: () => number) {
  const output: string[] = [];
  const context: CliContext = {
    env,
    now,
    stdout: { write: (text: string) => output.push(text) },
    stderr: { write: (text: string) => output.push(text) },
    stdin: process.stdin,
    openBrowser: async () => false,
    onInterrupt: () => () => undefined,
  };
  return { context, output };
}

/**
 * Issue 9: no secret in SQLite, its WAL, the logs, the support bundle, error output or the
 * window's state. A working day and then some, as the app lives it, against the simulator: three
 * companies connected, refreshed over days, one refused because its user disconnected it in
 * QuickBooks, one failing on a 503, a connection test, an error carrying a token into the log,
 * a support bundle exported into the data folder; then every file in that folder and everything
 * the window was told is searched for every code, token and client secret the simulator issued.
 */
describe('no secret in the data folder, the logs, the support bundle or the window', () => {
  it('holds after a session of connects, refreshes, failures and a bundle export', async () => {
    let logFile = '';
    const logger = createConsoleLogger('app', (line) => appendFileSync(logFile, `${line}\n`));
    const running = await startServiceHarness({ logger });
    const { harness, service } = running;
    mkdirSync(join(harness.home, 'logs'), { recursive: true });
    logFile = join(harness.home, 'logs', 'main.log');
    const window: unknown[] = [];
    service.onEvent((event: AppEvent) => window.push(event));
    const ask = async <Result>(channel: Channel, request: unknown): Promise<Result> => {
      const answer = await service.handle(channel, request);
      window.push(answer);
      return value<Result>(answer);
    };
    try {
      const companyIds: string[] = [];
      for (const name of ["Larry's Bakery", "Amy's Bird Sanctuary", 'Sandbox Company_US_1']) {
        const started = await ask<{ attempt: { attemptId: string }; authorizationUrl: string }>('connect:start', { environment: 'sandbox' });
        await harness.deliver(await harness.consent(started.authorizationUrl, await harness.realmOf(name)));
        const settled = await service.currentEngine.waitForAttempt(started.attempt.attemptId);
        if (settled.state.step !== 'connected') throw new Error(`${name}: ${settled.state.step}`);
        companyIds.push(settled.state.companyId);
      }
      const [larry, amy, third] = companyIds;
      if (larry === undefined || amy === undefined || third === undefined) throw new Error('not connected');

      for (let day = 0; day < 3; day += 1) {
        await harness.advanceClock(dayMs + 60_000);
        for (const companyId of companyIds) await ask('companies:refresh', { companyId });
      }
      await ask('companies:test', { companyId: larry });
      await harness.admin.setFaults({ failNext: { target: 'token', count: 1, status: 503 } });
      await ask('companies:refresh', { companyId: amy });
      await harness.admin.disconnect({ realmId: (await harness.admin.connections()).find((connection) => connection.revokedAtMs === null)?.realmId ?? '' });
      for (const companyId of companyIds) await ask('companies:refresh', { companyId });
      // A token in an error's message, as a crash or a bug would carry it, reaches the log only through the logger.
      const { accessTokens } = await harness.admin.issuedSecrets();
      logger.error('A refresh failed unexpectedly', new Error(`Intuit said no to ${accessTokens.at(-1) ?? ''}`));

      // Everything the window reads.
      await ask('companies:list', {});
      for (const companyId of companyIds) await ask('companies:events', { companyId, limit: 500 });
      await ask('companies:events', { limit: 500 });
      await ask('activity:summary', { days: 30 });
      await ask('settings:get', {});
      await ask('connect:list', {});

      const cli = cliContext(harness.environment(), () => harness.now());
      const bundle = join(harness.home, 'support-bundle.json');
      expect(await runCli(['export-bundle', bundle], cli.context)).toBe(0);
      expect(await runCli(['status'], cli.context)).toBeGreaterThanOrEqual(0);
      expect(await runCli(['log', '--limit', '200'], cli.context)).toBe(0);

      const secrets = new SecretIndex(issuedSecretList(await harness.admin.issuedSecrets()));
      // Enough to mean something: three codes, and a dozen access and refresh tokens.
      expect(secrets.size).toBeGreaterThanOrEqual(3 + 12 + 12 + 2);
      const files = readdirSync(harness.home, { recursive: true }).map(String);
      for (const name of ['realmkeeper.db', 'realmkeeper.db-wal', 'support-bundle.json', join('logs', 'main.log')]) expect(files, name).toContain(name);
      expect(findIssuedSecrets(harness.home, secrets)).toEqual([]);
      expect(findSecretsIn('the window', JSON.stringify(window), secrets)).toEqual([]);
      expect(window.length).toBeGreaterThan(40);
      expect(findSecretsIn('the command line', cli.output.join(''), secrets)).toEqual([]);

      await service.close();
      // After the engine closed (the WAL checkpointed into the database).
      expect(existsSync(join(harness.home, 'realmkeeper.db'))).toBe(true);
      expect(findIssuedSecrets(harness.home, secrets)).toEqual([]);
    } finally {
      await running.close();
    }
  }, 60_000);
});
