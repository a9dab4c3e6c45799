import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useHarness, type EngineHarness } from '../support/engine-harness';
import { cliEnvironment, connectThroughCli, useCliBuild, runCli, type CliRun } from './cli-process';

// Each test starts several child processes; on a busy two-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

useCliBuild();

/** Every expected failure: one line on stderr starting `realmkeeper:`, no stack, no secret. */
function expectOneLine(run: CliRun, secrets: readonly string[] = []): string {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^realmkeeper: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  for (const secret of secrets) expect(run.stderr + run.stdout).not.toContain(secret);
  return lines[0] ?? '';
}

describe('clear failures from the command line', () => {
  let harness: EngineHarness;
  let env: NodeJS.ProcessEnv;

  useHarness((created) => {
    harness = created;
    env = cliEnvironment(created);
  }, { keychain: 'system' });

  it('an unknown or ambiguous company exits 3 and says how to list them', async () => {
    await connectThroughCli(harness, env, "Larry's Bakery");
    await harness.admin.addCompany({ environment: 'sandbox', companyName: "Larry's Landscaping" });
    await connectThroughCli(harness, env, "Larry's Landscaping");
    for (const command of ['token', 'refresh', 'test', 'disconnect', 'log']) {
      const run = await runCli([command, 'Nobody Ltd'], env);
      expect(run.code, command).toBe(3);
      expect(expectOneLine(run)).toContain('No company matches "Nobody Ltd"');
    }
    const ambiguous = await runCli(['token', 'larry'], env);
    expect(ambiguous.code).toBe(3);
    expect(expectOneLine(ambiguous)).toMatch(/matches several companies/);
    expect(ambiguous.stdout).toBe('');
  });

  it('a damaged database exits 6 and is left untouched', async () => {
    const garbage = 'this is not a database, but it is the bookkeeper’s file\n'.repeat(50);
    writeFileSync(join(harness.home, 'realmkeeper.db'), garbage);
    for (const args of [['status'], ['token', '123'], ['log']]) {
      const run = await runCli(args, env);
      expect(run.code, args.join(' ')).toBe(6);
      expect(expectOneLine(run)).toContain('database file is damaged');
    }
    const doctor = await runCli(['doctor'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/PROBLEM +database: .*database_corrupt/);
    expect(doctor.stdout).toMatch(/ok +keychain/);
  });

  it('no keychain (no D-Bus session) exits 5 with the keychain module’s message', async () => {
    await connectThroughCli(harness, env, "Larry's Bakery");
    const realmId = await harness.realmOf("Larry's Bakery");
    const noKeychain = cliEnvironment(harness, { DBUS_SESSION_BUS_ADDRESS: undefined });
    const token = await runCli(['token', realmId], noKeychain);
    expect(token.code).toBe(5);
    expect(token.stdout).toBe('');
    expect(expectOneLine(token)).toContain('is not running, so Realmkeeper cannot keep your QuickBooks connections');
    const refresh = await runCli(['refresh', realmId], noKeychain);
    expect(refresh.code).toBe(5);
    const secret = await runCli(['config', 'set-secret', 'sandbox'], noKeychain, { input: `${'s'.repeat(40)}\n` });
    expect(secret.code).toBe(5);
    expectOneLine(secret, ['s'.repeat(40)]);
    const doctor = await runCli(['doctor'], noKeychain);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/PROBLEM +keychain: .*keychain_unavailable/);
  });

  it('Intuit unreachable exits 7 for connect, and doctor names the endpoint', async () => {
    const offline = { ...env, REALMKEEPER_SANDBOX_DISCOVERY_URL: 'http://127.0.0.1:9/.well-known/openid_sandbox_configuration' };
    const connect = await runCli(['connect', '--env', 'sandbox', '--no-browser'], offline);
    expect(connect.code).toBe(7);
    expectOneLine(connect, [harness.simulator.clients.sandbox.clientSecret]);
    const doctor = await runCli(['doctor'], offline);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/PROBLEM +sandbox\.endpoints: /);
    expect(doctor.stdout).not.toContain(harness.simulator.clients.sandbox.clientSecret);
  });

  it('a configuration the connect flow refuses exits 4 before any browser opens', async () => {
    const production = await runCli(['connect', '--env', 'production', '--no-browser'], cliEnvironment(harness, { REALMKEEPER_PRODUCTION_CLIENT_ID: undefined }));
    expect(production.code).toBe(4);
    const badRedirect = await runCli(['connect', '--env', 'sandbox', '--no-browser'], { ...env, REALMKEEPER_SANDBOX_REDIRECT_URI: 'http://example.com/callback' });
    expect(badRedirect.code).toBe(4);
    expect(badRedirect.stdout).toBe('');
    expectOneLine(badRedirect);
  });
});

describe('clear failures from the command line, before any keychain is asked', () => {
  let harness: EngineHarness;
  let env: NodeJS.ProcessEnv;

  useHarness((created) => {
    harness = created;
    env = cliEnvironment(created);
  }, { keychain: 'system', skipWithoutKeychain: false });

  it('usage errors exit 2', async () => {
    expectOneLine(await runCli(['frobnicate'], env));
    expect((await runCli(['frobnicate'], env)).code).toBe(2);
    const option = await runCli(['status', '--colour'], env);
    expect(option.code).toBe(2);
    expect(expectOneLine(option)).toContain("Unknown option '--colour'");
    expect((await runCli(['token'], env)).code).toBe(2);
    expect((await runCli(['connect', '--env', 'staging'], env)).code).toBe(2);
    expect((await runCli(['refresh'], env)).code).toBe(2);
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect((await runCli(['token', '--help'], env)).stdout).toContain('Usage: realmkeeper token <company>');
  });

  it('a broken settings file exits 4 and names the file', async () => {
    writeFileSync(join(harness.home, 'config.json'), '{ "keepAliveIntervalHours": 12, ');
    const status = await runCli(['status'], env);
    expect(status.code).toBe(4);
    expect(expectOneLine(status)).toContain(`${join(harness.home, 'config.json')} is not valid JSON`);
    expect((await runCli(['config'], env)).code).toBe(4);
  });
});
