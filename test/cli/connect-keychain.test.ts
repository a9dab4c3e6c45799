import { afterEach, describe, expect, it, vi } from 'vitest';
import { useHarness, type EngineHarness } from '../support/engine-harness';
import { PrivateKeyring } from '../support/private-keyring';
import { gnomeKeyringToolsGate, skipUnlessAvailable } from '../support/system-requirements';
import { cliEnvironment, runCli, startConnect, useCliBuild } from './cli-process';

vi.setConfig({ testTimeout: 90_000 });

useCliBuild();

const keyringTools = gnomeKeyringToolsGate();

/** The simulator's own record of codes that reached Intuit's token endpoint. */
async function codesExchanged(harness: EngineHarness): Promise<number> {
  return (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code').length;
}

describe('connect with a locked keychain spends no code', () => {
  skipUnlessAvailable(keyringTools);
  let harness: EngineHarness;
  let keyring: PrivateKeyring | undefined;

  useHarness(async (created) => {
    harness = created;
    keyring = await PrivateKeyring.start();
    // The processes use the private keyring, not this session's: no keychain needed here.
  }, { keychain: 'system', skipWithoutKeychain: false });
  afterEach(() => {
    keyring?.close();
    keyring = undefined;
  });

  function environment(): NodeJS.ProcessEnv {
    if (keyring === undefined) throw new Error('no private keyring');
    return cliEnvironment(harness, keyring.env);
  }

  it('refuses to open Intuit’s page when the keychain is locked at the start, and exits 5', async () => {
    keyring?.lock();
    const run = await runCli(['connect', '--env', 'sandbox', '--no-browser'], environment());
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^realmkeeper: .*is locked\. Unlock it/);
    expect(await codesExchanged(harness)).toBe(0);
  });

  it('records the code as failed without sending it when the keychain locks while the browser is open', async () => {
    const connect = await startConnect(environment());
    keyring?.lock();
    const delivered = await harness.deliver(await harness.consent(connect.authorizationUrl, await harness.realmOf("Larry's Bakery")));
    expect(delivered.page).toContain('The company was not connected');
    const run = await connect.result;
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('keychain_unavailable');
    expect(run.stderr).toContain('Unlock your keychain and connect again; nothing was sent to Intuit.');
    expect(await codesExchanged(harness)).toBe(0);

    // Unlocked again, the bookkeeper connects as the message says, and it works.
    await keyring?.unlock();
    const again = await startConnect(environment());
    await harness.deliver(await harness.consent(again.authorizationUrl, await harness.realmOf("Larry's Bakery")));
    expect((await again.result).code).toBe(0);
    expect(await codesExchanged(harness)).toBe(1);
  });
});
