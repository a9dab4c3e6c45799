import { describe, expect, it } from 'vitest';
import type { AccessTokenResult } from '../../../main/core/tokens/refresh-result';
import { minimumAccessValidityMs } from '../../../main/core/tokens/token-keeper';
import { useHarness, type EngineHarness } from '../../support/engine-harness';
import { connectCompany, countingSecretStore } from '../engine/support/refresh-fixtures';

describe('getAccessToken', () => {
  let harness: EngineHarness;

  useHarness((created) => {
    harness = created;
  });

  function token(result: AccessTokenResult) {
    if (result.kind !== 'token') throw new Error(`expected a token, got ${result.kind}`);
    return result;
  }

  it('hands out a token good for 5 minutes from memory, and re-reads the keychain only after another process refreshed', async () => {
    // Two engines on one store, as two processes on one keychain.
    const storeA = countingSecretStore(harness.secrets);
    const storeB = countingSecretStore(harness.secrets);
    const engineA = await harness.openEngine({ secretStore: storeA });
    const engineB = await harness.openEngine({ secretStore: storeB });
    const company = await connectCompany(harness, engineA, "Larry's Bakery");

    const readsBefore = storeA.tokenReads();
    const first = token(await engineA.getAccessToken(company.id));
    expect(first.expiresAt - harness.now()).toBeGreaterThanOrEqual(minimumAccessValidityMs);
    for (let call = 0; call < 50; call += 1) expect(token(await engineA.getAccessToken(company.id)).accessToken).toBe(first.accessToken);
    expect(storeA.tokenReads() - readsBefore).toBeLessThanOrEqual(1);
    const readsCached = storeA.tokenReads();

    // Another "process" on the same home refreshes: the first notices by SQLite's generation.
    expect(await engineB.refresh(company.id)).toMatchObject({ kind: 'refreshed' });
    const fromB = token(await engineB.getAccessToken(company.id));
    expect(fromB.accessToken).not.toBe(first.accessToken);
    const afterB = token(await engineA.getAccessToken(company.id));
    expect(afterB.accessToken).toBe(fromB.accessToken);
    expect(storeA.tokenReads() - readsCached).toBe(1);
    for (let call = 0; call < 20; call += 1) await engineA.getAccessToken(company.id);
    expect(storeA.tokenReads() - readsCached).toBe(1);

    // 4 minutes left is not enough: the token is refreshed before it is handed out.
    const callsBefore = (await harness.admin.tokenCalls()).length;
    await harness.advanceClock(afterB.expiresAt - harness.now() - 4 * 60_000);
    const renewed = token(await engineA.getAccessToken(company.id));
    expect(renewed.accessToken).not.toBe(afterB.accessToken);
    expect(renewed.expiresAt - harness.now()).toBeGreaterThanOrEqual(minimumAccessValidityMs);
    expect((await harness.admin.tokenCalls()).length).toBe(callsBefore + 1);
  });
});
