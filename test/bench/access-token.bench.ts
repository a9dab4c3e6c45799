import { afterAll, bench, describe } from 'vitest';
import type { ConnectionEngine } from '../../main/core/engine/connection-engine';
import { createKeychainTokenVault } from '../../main/core/keychain/keychain-token-vault';
import { EngineHarness } from '../support/engine-harness';
import { keychainGate } from '../support/system-requirements';

/**
 * Why access tokens are kept in memory: `getAccessToken` checks one SQLite generation number
 * and answers from memory, where reading the keychain would be a D-Bus round trip per call.
 * Needs an unlocked keychain (see the README); without one it says so and measures nothing.
 */
const gate = await keychainGate().catch((error: unknown) => ({ run: false, reason: String(error) }));
let harness: EngineHarness | undefined;
let engine: ConnectionEngine | undefined;
let companyId = '';

if (gate.run) {
  harness = await EngineHarness.start({ keychain: 'system' });
  engine = await harness.openEngine();
  const started = await engine.connect({ environment: 'sandbox' });
  await harness.deliver(await harness.consent(started.authorizationUrl, await harness.realmOf("Larry's Bakery")));
  companyId = engine.companies()[0]?.id ?? '';
} else {
  console.log(`access-token benchmark not run: ${gate.reason}`);
}

afterAll(async () => {
  await harness?.close();
});

describe.runIf(gate.run)('handing out an access token', () => {
  bench('getAccessToken (memory, after checking the SQLite generation)', async () => {
    await engine?.getAccessToken(companyId);
  });
  bench('reading and decoding the keychain entry every time', async () => {
    if (harness !== undefined) await createKeychainTokenVault(harness.secrets).read(companyId);
  });
});
