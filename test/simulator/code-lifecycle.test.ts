import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { RunningSimulator } from '../../main/simulator/index';
import { authorizationUrl, SimulatorAdmin } from '../support/simulator-admin';
import { companyInfo, exchangeCode, refresh, stringField } from './intuit-requests';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;
const redirectUri = 'http://localhost:8765/callback';

beforeAll(async () => {
  simulator = await startSimulator({
    additionalClients: [
      { environment: 'sandbox', clientId: 'AB' + 'z'.repeat(48), clientSecret: 's'.repeat(40), redirectUris: [redirectUri] },
    ],
  });
  admin = new SimulatorAdmin(simulator.url);
});
beforeEach(async () => {
  await admin.reset();
});
afterAll(async () => {
  await simulator.close();
});

async function newCode(uri: string = redirectUri): Promise<{ code: string; realmId: string }> {
  const realmId = (await admin.companies('sandbox'))[0]?.realmId ?? '';
  const result = await admin.connect({ authorizationUrl: authorizationUrl(simulator.url, { clientId: simulator.clients.sandbox.clientId, redirectUri: uri, state: 's' }), realmId });
  return { code: result.code, realmId };
}

describe('authorization code lifecycle', () => {
  it('is single-use: a second exchange fails and revokes what the first produced', async () => {
    const sandbox = simulator.clients.sandbox;
    const { code, realmId } = await newCode();
    const first = await exchangeCode(simulator, sandbox, code, redirectUri);
    expect(first.status).toBe(200);
    const accessToken = stringField(first, 'access_token');
    expect((await companyInfo(simulator, 'sandbox', realmId, accessToken)).status).toBe(200);

    const second = await exchangeCode(simulator, sandbox, code, redirectUri);
    expect(second.status).toBe(400);
    expect(second.json).toEqual({ error: 'invalid_grant' });
    expect((await admin.lastTokenCall()).cause).toBe('code_reused');

    const refreshAfter = await refresh(simulator, sandbox, stringField(first, 'refresh_token'));
    expect(refreshAfter.status).toBe(400);
    expect((await admin.lastTokenCall()).cause).toBe('revoked');
    expect((await companyInfo(simulator, 'sandbox', realmId, accessToken)).status).toBe(401);
    expect((await admin.connections())[0]?.revokedBecause).toBe('code_reused');
  });

  it('expires after 10 minutes', async () => {
    const sandbox = simulator.clients.sandbox;
    const early = await newCode();
    await admin.advanceClock(599_000);
    expect((await exchangeCode(simulator, sandbox, early.code, redirectUri)).status).toBe(200);
    const late = await newCode();
    await admin.advanceClock(600_000);
    const answer = await exchangeCode(simulator, sandbox, late.code, redirectUri);
    expect(answer.status).toBe(400);
    expect(answer.json?.error).toBe('invalid_grant');
    expect((await admin.lastTokenCall()).cause).toBe('code_expired');
  });

  it('must be exchanged with the redirect URI that requested it', async () => {
    const sandbox = simulator.clients.sandbox;
    const { code } = await newCode('http://localhost:8766/callback');
    const answer = await exchangeCode(simulator, sandbox, code, redirectUri);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'invalid_grant' });
    expect((await admin.lastTokenCall()).cause).toBe('redirect_mismatch');
  });

  it('must be exchanged by the client that requested it, not the other environment’s or another app', async () => {
    const { code, realmId } = await newCode();
    for (const client of [simulator.clients.production, simulator.allClients[2]]) {
      if (client === undefined) {
        throw new Error('the additional client is missing');
      }
      const answer = await exchangeCode(simulator, client, code, redirectUri);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: 'invalid_grant' });
      const call = await admin.lastTokenCall();
      expect(call.cause).toBe('wrong_environment');
      expect(call.clientId).toBe(client.clientId);
      expect(call.realmId).toBe(realmId);
    }
  });
});
