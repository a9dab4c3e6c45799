import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../main/simulator/index';
import type { SimulatorAdmin } from '../support/simulator-admin';
import { companyInfo, connectCompany, dayMs, refresh, revoke, send, stringField } from './intuit-requests';
import { useSimulator } from './use-simulator';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

useSimulator((started, client) => {
  simulator = started;
  admin = client;
});

describe('revocation and disconnection', () => {
  it.each(['json', 'form'] as const)('revoking the refresh token (%s body) kills every token of the connection', async (encoding) => {
    const sandbox = simulator.clients.sandbox;
    const connected = await connectCompany(simulator, admin);
    const other = await connectCompany(simulator, admin, 'sandbox', { realmId: (await admin.companies('sandbox'))[1]?.realmId ?? '' });
    // A superseded token of the same connection must die too.
    await admin.advanceClock(dayMs);
    const rotated = await refresh(simulator, sandbox, connected.refreshToken);
    const latest = stringField(rotated, 'refresh_token');
    const answer = await revoke(simulator, sandbox, latest, encoding);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(answer.headers.get('intuit_tid')).not.toBeNull();
    for (const token of [latest, connected.refreshToken]) {
      expect((await refresh(simulator, sandbox, token)).status).toBe(400);
      expect((await admin.lastTokenCall()).cause).toBe('revoked');
    }
    expect((await companyInfo(simulator, 'sandbox', connected.realmId, stringField(rotated, 'access_token'))).status).toBe(401);
    // Another company's connection is untouched.
    expect((await refresh(simulator, sandbox, other.refreshToken)).status).toBe(200);
  });

  it('revoking with an access token also disconnects', async () => {
    const connected = await connectCompany(simulator, admin);
    expect((await revoke(simulator, simulator.clients.sandbox, connected.accessToken)).status).toBe(200);
    expect((await refresh(simulator, simulator.clients.sandbox, connected.refreshToken)).status).toBe(400);
  });

  it('needs client authentication and a token, and will not revoke another app’s token', async () => {
    const connected = await connectCompany(simulator, admin);
    const unauthenticated = await send(`${simulator.url}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: connected.refreshToken }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.json).toEqual({ error: 'invalid_client' });
    const noToken = await send(`${simulator.url}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${simulator.clients.sandbox.clientId}:${simulator.clients.sandbox.clientSecret}`).toString('base64')}`, 'content-type': 'application/json' },
      body: '{"tok',
    });
    expect(noToken.status).toBe(400);
    expect((await revoke(simulator, simulator.clients.production, connected.refreshToken)).status).toBe(400);
    expect((await refresh(simulator, simulator.clients.sandbox, connected.refreshToken)).status).toBe(200);
    expect((await revoke(simulator, simulator.clients.sandbox, 'RT1-000-H0-unknown')).status).toBe(200);
  });

  it('a user disconnecting the app from a company inside QuickBooks revokes that connection', async () => {
    const connected = await connectCompany(simulator, admin);
    expect(await admin.disconnect({ realmId: connected.realmId })).toEqual({ revokedConnections: 1 });
    expect((await refresh(simulator, simulator.clients.sandbox, connected.refreshToken)).status).toBe(400);
    expect((await admin.lastTokenCall()).cause).toBe('revoked');
    expect((await companyInfo(simulator, 'sandbox', connected.realmId, connected.accessToken)).status).toBe(401);
    expect((await admin.connections())[0]).toMatchObject({ realmId: connected.realmId, revokedBecause: 'user_disconnect' });
    // Connecting again makes a new, working connection.
    const again = await connectCompany(simulator, admin);
    expect((await refresh(simulator, simulator.clients.sandbox, again.refreshToken)).status).toBe(200);
  });
});
