import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { clientSecretAccount } from '../../main/core/engine/client-secret-account';
import { useHarness, type EngineHarness } from '../support/engine-harness';
import { cliEnvironment, useCliBuild, runCli } from './cli-process';

// Each test starts several child processes; on a busy two-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

useCliBuild();

describe('realmkeeper config and doctor', () => {
  let harness: EngineHarness;
  let env: NodeJS.ProcessEnv;

  useHarness((created) => {
    harness = created;
    env = cliEnvironment(created);
  }, { keychain: 'system' });

  it('config shows every setting with where it comes from, never a secret', async () => {
    const run = await runCli(['config'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sandbox\.clientId +\S+ +\(environment variable REALMKEEPER_SANDBOX_CLIENT_ID\)$/m);
    expect(run.stdout).toMatch(/^sandbox\.clientSecret +\[secret, not shown\] +\(environment variable REALMKEEPER_SANDBOX_CLIENT_SECRET\)$/m);
    expect(run.stdout).toMatch(/^keepAliveIntervalHours +24 +\(default\)$/m);
    expect(run.stdout).not.toContain(harness.simulator.clients.sandbox.clientSecret);
    const one = await runCli(['config', 'get', 'refreshConcurrency', '--json'], env);
    expect(JSON.parse(one.stdout)).toMatchObject({ entries: [{ key: 'refreshConcurrency', value: 4, source: { kind: 'default' } }] });
  });

  it('config set writes the settings file, validates, and unset restores the default', async () => {
    const set = await runCli(['config', 'set', 'keepAliveIntervalHours', '12'], env);
    expect(set.code).toBe(0);
    expect(JSON.parse(readFileSync(join(harness.home, 'config.json'), 'utf8'))).toMatchObject({ keepAliveIntervalHours: 12 });
    expect((await runCli(['config', 'get', 'keepAliveIntervalHours'], env)).stdout).toMatch(/12 +\(settings file .*config\.json\)/);

    const invalid = await runCli(['config', 'set', 'keepAliveIntervalHours', '100'], env);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^realmkeeper: "100" is not a valid value for "keepAliveIntervalHours"/);
    const secret = await runCli(['config', 'set', 'sandbox.clientSecret', 'x'.repeat(40)], env);
    expect(secret.code).toBe(2);
    expect(secret.stderr).not.toContain('x'.repeat(40));

    // A variable still wins over the file: the command says so.
    const shadowed = await runCli(['config', 'set', 'sandbox.redirectUri', 'http://localhost:9999/callback'], env);
    expect(shadowed.code).toBe(0);
    expect(shadowed.stderr).toContain('REALMKEEPER_SANDBOX_REDIRECT_URI is set and takes precedence');

    expect((await runCli(['config', 'unset', 'keepAliveIntervalHours'], env)).code).toBe(0);
    expect((await runCli(['config', 'get', 'keepAliveIntervalHours'], env)).stdout).toMatch(/24 +\(default\)/);
  });

  it('config set-secret reads the secret from standard input into the keychain and never echoes it', async () => {
    const secret = harness.simulator.clients.sandbox.clientSecret;
    const withoutVariable = cliEnvironment(harness, { REALMKEEPER_SANDBOX_CLIENT_SECRET: undefined });
    const run = await runCli(['config', 'set-secret', 'sandbox'], withoutVariable, { input: `${secret}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(run.stdout).toContain('Stored the sandbox client secret in the system keychain');
    expect(await harness.secrets.get(clientSecretAccount('sandbox'))).toBe(secret);

    // The stored secret is the one used: doctor finds the sandbox settings complete from the keychain.
    const doctor = await runCli(['doctor'], withoutVariable);
    expect(doctor.stdout).toMatch(/ok +sandbox\.settings: .*secret from keychain/);

    const config = await runCli(['config'], withoutVariable);
    expect(config.stdout).toMatch(/^sandbox\.clientSecret +\[secret, not shown\] +\(system keychain, service "Realmkeeper-test-/m);

    const wrongLength = await runCli(['config', 'set-secret', 'sandbox'], withoutVariable, { input: 'short-secret\n' });
    expect(wrongLength.code).toBe(2);
    expect(wrongLength.stderr).not.toContain('short-secret');
    expect(await harness.secrets.get(clientSecretAccount('sandbox'))).toBe(secret);
    expect((await runCli(['config', 'set-secret', 'sandbox'], withoutVariable, { input: '' })).code).toBe(2);
    expect((await runCli(['config', 'set-secret', 'staging'], withoutVariable, { input: secret })).code).toBe(2);
  });

  it('doctor: keychain, database, settings and endpoints all well, exit 0', async () => {
    // Production keys cannot use localhost: their redirect is the https relay page.
    env = cliEnvironment(harness, { REALMKEEPER_PRODUCTION_REDIRECT_URI: 'https://relay.example.com/realmkeeper/callback' });
    const run = await runCli(['doctor'], env);
    expect(run.stdout).toMatch(/ok +keychain: The system keychain \(libsecret\) answers/);
    expect(run.stdout).toMatch(/info +database: No database yet/);
    expect(run.stdout).toMatch(/ok +sandbox\.settings/);
    expect(run.stdout).toMatch(/ok +sandbox\.endpoints/);
    expect(run.stdout).toMatch(/ok +production\.endpoints/);
    expect(run.stdout).toContain('Nothing is wrong.');
    expect(run.code).toBe(0);
    const json = JSON.parse((await runCli(['doctor', '--json'], env)).stdout) as { healthy: boolean; checks: Array<{ name: string }> };
    expect(json.healthy).toBe(true);
    expect(json.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['config-file', 'keychain', 'database', 'sandbox.settings', 'sandbox.endpoints', 'production.settings', 'production.endpoints']),
    );
  });

  it('doctor with a broken configuration: names each problem with its fix, exit 1', async () => {
    const broken = cliEnvironment(harness, {
      REALMKEEPER_SANDBOX_REDIRECT_URI: 'http://example.com/callback',
      REALMKEEPER_PRODUCTION_CLIENT_ID: 'too-short',
    });
    const run = await runCli(['doctor'], broken);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/PROBLEM +sandbox\.settings: sandbox\.redirectUri: redirect_uri_\w+/);
    expect(run.stdout).toMatch(/PROBLEM +production\.settings: production\.clientId: client_id_length/);
    expect(run.stdout).toMatch(/fix: .*REALMKEEPER_SANDBOX_REDIRECT_URI/);
    expect(run.stdout).toMatch(/ok +keychain/);
  });

  it('doctor with a settings file that does not parse still checks the keychain and database', async () => {
    writeFileSync(join(harness.home, 'config.json'), '{ not json');
    const run = await runCli(['doctor'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/PROBLEM +config-file: config_file_invalid_json/);
    expect(run.stdout).toMatch(/ok +keychain/);
    expect(run.stdout).toMatch(/database: No database yet/);
  });
});
