import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { RunningSimulator } from '../../main/simulator/index';
import { SimulatorAdmin, SimulatorAdminError } from '../support/simulator-admin';
import { connectCompany, send } from './intuit-requests';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

beforeAll(async () => {
  simulator = await startSimulator();
  admin = new SimulatorAdmin(simulator.url);
});
afterAll(async () => {
  await simulator.close();
});

describe('admin API', () => {
  it('lives under a prefix Intuit never uses and reports the registered clients', async () => {
    const info = await admin.info();
    expect(info.adminPrefix).toBe('/__simulator');
    expect(simulator.adminUrl).toBe(`${simulator.url}/__simulator`);
    expect(info.clients.map((client) => [client.environment, client.clientId.length, client.clientSecret.length])).toEqual([
      ['sandbox', 50, 40],
      ['production', 50, 40],
    ]);
  });

  it('advances the clock by milliseconds and only forward', async () => {
    const before = await admin.clock();
    const after = await admin.advanceClock(100 * 24 * 3600 * 1000);
    expect(after.nowMs - before.nowMs).toBeGreaterThanOrEqual(100 * 24 * 3600 * 1000);
    expect(after.offsetMs - before.offsetMs).toBe(100 * 24 * 3600 * 1000);
    await expect(admin.advanceClock(-1)).rejects.toThrow(SimulatorAdminError);
  });

  it('answers bad input with 400 and a message naming the field', async () => {
    const cases: Array<[string, unknown]> = [
      ['/clock/advance', { ms: 'soon' }],
      ['/settings', { staleGraceSeconds: -1 }],
      ['/settings', { noSuchSetting: true }],
      ['/faults', { failNext: { target: 'token', count: 1, status: 418 } }],
      ['/faults', { outage: { fromMs: 10, untilMs: 5 } }],
      ['/companies', { environment: 'staging', companyName: 'X' }],
      ['/consent', { authorizationUrl: 'http://example.com/elsewhere', action: 'connect' }],
      ['/disconnect', { realmId: 'abc' }],
    ];
    for (const [path, body] of cases) {
      const answer = await send(`${simulator.adminUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(answer.status, path).toBe(400);
      expect(answer.json?.error, path).toBe('bad_request');
      expect(String(answer.json?.message).length, path).toBeGreaterThan(3);
    }
    const notJson = await send(`${simulator.adminUrl}/faults`, { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect((await send(`${simulator.adminUrl}/nothing-here`)).status).toBe(404);
    expect((await admin.settings()).staleGraceSeconds).toBe(86_400);
  });

  it('lists every code and token it issued, and the client secrets, for secret scans', async () => {
    await admin.reset();
    const connected = await connectCompany(simulator, admin);
    const issued = await admin.issuedSecrets();
    expect(issued).toEqual({
      codes: [connected.code],
      accessTokens: [connected.accessToken],
      refreshTokens: [connected.refreshToken],
      clientSecrets: [simulator.clients.sandbox.clientSecret, simulator.clients.production.clientSecret],
    });
    await admin.reset();
    expect((await admin.issuedSecrets()).codes).toEqual([]);
  });

  it('changes settings and resets everything', async () => {
    expect((await admin.updateSettings({ staleGraceSeconds: 0 })).staleGraceSeconds).toBe(0);
    const connected = await connectCompany(simulator, admin);
    await admin.addCompany({ environment: 'production', companyName: 'Late Addition LLC', realmId: '1234567890123456789' });
    await expect(admin.addCompany({ environment: 'sandbox', companyName: 'Clash', realmId: '1234567890123456789' })).rejects.toThrow(/already exists/);
    await admin.setFaults({ latencyMs: 5 });
    await admin.reset();
    expect((await admin.settings()).staleGraceSeconds).toBe(86_400);
    expect(await admin.tokenCalls()).toEqual([]);
    expect(await admin.connections()).toEqual([]);
    expect((await admin.faults()).latencyMs).toBe(0);
    expect((await admin.clock()).offsetMs).toBe(0);
    expect((await admin.companies('production')).some((company) => company.companyName === 'Late Addition LLC')).toBe(false);
    // Tokens issued before the reset are gone.
    const answer = await send(`${simulator.apiBaseUrl('sandbox')}/v3/company/${connected.realmId}/companyinfo/${connected.realmId}`, {
      headers: { authorization: `Bearer ${connected.accessToken}`, accept: 'application/json' },
    });
    expect(answer.status).toBe(401);
  });
});

describe('options', () => {
  it('refuses redirect URIs Intuit would not register, unless told not to check', async () => {
    await expect(startSimulator({ clients: { production: { redirectUris: ['http://localhost:8765/callback'] } } })).rejects.toThrow(/production/);
    await expect(startSimulator({ clients: { sandbox: { redirectUris: ['realmkeeper://oauth/callback'] } } })).rejects.toThrow(/only https/);
    await expect(startSimulator({ clients: { sandbox: { redirectUris: ['https://127.0.0.1/callback'] } } })).rejects.toThrow(/IP/);
    const custom = await startSimulator({ unrestrictedRedirectUris: true, clients: { sandbox: { redirectUris: ['realmkeeper://oauth/callback'], clientId: 'AB' + 'q'.repeat(48) } } });
    try {
      expect(custom.clients.sandbox.clientId).toBe('AB' + 'q'.repeat(48));
      const customAdmin = new SimulatorAdmin(custom.url);
      const result = await customAdmin.connect({
        authorizationUrl: `${custom.url}/connect/oauth2?client_id=${custom.clients.sandbox.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('realmkeeper://oauth/callback')}&state=a`,
      });
      expect(result.redirectUrl.startsWith('realmkeeper://oauth/callback?code=')).toBe(true);
    } finally {
      await custom.close();
    }
  });
});
