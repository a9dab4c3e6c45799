import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/app/memory-secret-store';
import { KeychainError } from '../../../main/core/keychain/keychain-error';
import { probeKeychain } from '../../../main/core/keychain/probe-keychain';
import { ConnectFlow, type ConnectFlowDependencies, type ConnectSettings } from '../../../main/core/oauth/connect-flow';
import { getCodeLedgerEntry } from '../../../main/core/storage/authorization-ledger';
import { hashSecret } from '../../../main/core/storage/hash-secret';
import { openDatabase } from '../../../main/core/storage/open-database';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { StorageError } from '../../../main/core/storage/storage-error';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index';
import { freeLoopbackPort } from '../../support/engine-harness';
import { SimulatorAdmin } from '../../support/simulator-admin';
import { createTemporaryDirectory, type TemporaryDirectory } from '../storage/fixtures/temporary-database';

/**
 * The exchange's own dependencies failing, against a real simulator over HTTP and a real SQLite
 * file: whatever throws, the attempt ends `failed` with a cause, never stays `exchanging`.
 */
describe('a connect exchange whose dependencies fail', () => {
  let simulator: RunningSimulator;
  let admin: SimulatorAdmin;
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let settings: ConnectSettings;
  let redirectUri: string;

  beforeEach(async () => {
    redirectUri = `http://localhost:${await freeLoopbackPort()}/callback`;
    simulator = await startSimulator({ clients: { sandbox: { redirectUris: [redirectUri] } } });
    admin = new SimulatorAdmin(simulator.url);
    directory = createTemporaryDirectory('realmkeeper-flow-');
    database = openDatabase({ path: join(directory.path, 'realmkeeper.db') });
    const discovery = (await (await fetch(simulator.discoveryUrl('sandbox'))).json()) as { authorization_endpoint: string; token_endpoint: string };
    const { clientId, clientSecret } = simulator.clients.sandbox;
    settings = {
      authorizationEndpoint: discovery.authorization_endpoint,
      tokenEndpoint: discovery.token_endpoint,
      credentials: { clientId, clientSecret },
      redirectUri,
      apiBaseUrl: simulator.apiBaseUrl('sandbox'),
    };
  });

  afterEach(async () => {
    database.close();
    directory.remove();
    await simulator.close();
  });

  function flowWith(overrides: Partial<ConnectFlowDependencies>): ConnectFlow {
    const keychain = createMemorySecretStore('flow-test');
    return new ConnectFlow({
      database,
      now: Date.now,
      resolveSettings: async () => settings,
      checkKeychain: () => probeKeychain(keychain),
      saveIssuedTokens: async () => {
        throw new Error('no test here gets as far as saving');
      },
      requestTimeoutMs: 5_000,
      ...overrides,
    });
  }

  /** Starts, consents in the simulator, and hands the callback's parameters back. */
  async function consent(flow: ConnectFlow) {
    const started = await flow.start({ environment: 'sandbox' });
    const realmId = (await admin.companies('sandbox'))[0]?.realmId ?? '';
    const { redirectUrl, code } = await admin.connect({ authorizationUrl: started.authorizationUrl, realmId });
    return { attemptId: started.attempt.attemptId, parameters: new URL(redirectUrl).searchParams, codeHash: hashSecret(code) };
  }

  async function exchanges(): Promise<number> {
    return (await admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code').length;
  }

  it('settles failed when the settings lookup throws at exchange time, and never sends the code', async () => {
    let lookups = 0;
    const flow = flowWith({
      resolveSettings: async () => {
        lookups += 1;
        if (lookups > 1) throw new StorageError('database_locked', 'realmkeeper.db');
        return settings;
      },
    });
    const { attemptId, parameters, codeHash } = await consent(flow);
    const outcome = await flow.handleCallback(parameters);
    expect(outcome.kind === 'attempt' && outcome.attempt.state).toMatchObject({ step: 'failed', cause: 'exchange_interrupted', detail: expect.stringContaining('database is busy') });
    expect((await flow.waitFor(attemptId)).state.step).toBe('failed');
    expect(flow.pending()).toHaveLength(0);
    expect(getCodeLedgerEntry(database, codeHash)?.outcome).toBe('failed');
    expect(await exchanges()).toBe(0);
  });

  it('settles failed with the error’s words when saving the tokens throws anything, and keeps the code spent', async () => {
    const flow = flowWith({
      saveIssuedTokens: async () => {
        throw new TypeError('Cannot read properties of undefined (reading refresh_token=RT1-abcdefghijklmnop)');
      },
    });
    const { attemptId, parameters, codeHash } = await consent(flow);
    await flow.handleCallback(parameters);
    const settled = await flow.waitFor(attemptId);
    expect(settled.state).toMatchObject({ step: 'failed', cause: 'exchange_interrupted' });
    // The detail is redacted like every message: no token survives into it.
    expect(settled.state.step === 'failed' && settled.state.detail).not.toContain('RT1-abcdefghijklmnop');
    expect(flow.pending()).toHaveLength(0);
    expect(getCodeLedgerEntry(database, codeHash)?.outcome).toBe('succeeded');
    expect(await exchanges()).toBe(1);
  });

  it('does not start, and opens no page, when the keychain does not answer', async () => {
    const flow = flowWith({ checkKeychain: async () => ({ backend: 'libsecret', available: false, error: await lockedKeychainError() }) });
    await expect(flow.start({ environment: 'sandbox' })).rejects.toMatchObject({ code: 'keychain_locked' });
    expect(flow.pending()).toHaveLength(0);
  });

  it('records the code as failed, without sending it, when the keychain stops answering before the exchange', async () => {
    let probes = 0;
    const keychain = createMemorySecretStore('flow-test');
    const flow = flowWith({
      checkKeychain: async () => {
        probes += 1;
        return probes > 1 ? { backend: 'libsecret', available: false, error: await lockedKeychainError() } : probeKeychain(keychain);
      },
    });
    const { attemptId, parameters, codeHash } = await consent(flow);
    await flow.handleCallback(parameters);
    expect((await flow.waitFor(attemptId)).state).toEqual({
      step: 'failed',
      cause: 'keychain_unavailable',
      detail: 'Unlock your keychain and connect again; nothing was sent to Intuit.',
    });
    expect(getCodeLedgerEntry(database, codeHash)?.outcome).toBe('failed');
    expect(await exchanges()).toBe(0);
  });
});

async function lockedKeychainError(): Promise<KeychainError> {
  return new KeychainError('keychain_locked', 'libsecret');
}
