import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shortHash, startSimulator } from '../../main/simulator/index';
import type { RunningSimulator } from '../../main/simulator/index';
import { SimulatorAdmin } from '../support/simulator-admin';
import { basicAuthorization, connectCompany, exchangeCode, numberField, refresh, send, stringField, tokenRequest } from './intuit-requests';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

beforeAll(async () => {
  simulator = await startSimulator();
  admin = new SimulatorAdmin(simulator.url);
});
beforeEach(async () => {
  await admin.reset();
});
afterAll(async () => {
  await simulator.close();
});

describe('token endpoint: client authentication and request shape', () => {
  it('answers 401 invalid_client to missing, malformed, unknown and wrong credentials', async () => {
    const sandbox = simulator.clients.sandbox;
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x' }).toString();
    const headerCases = [
      undefined,
      'Bearer abc',
      'Basic !!!notbase64',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      basicAuthorization({ clientId: sandbox.clientId, clientSecret: 'wrong' }),
      basicAuthorization({ clientId: 'ABunknown', clientSecret: sandbox.clientSecret }),
      basicAuthorization({ clientId: sandbox.clientId, clientSecret: simulator.clients.production.clientSecret }),
    ];
    for (const authorization of headerCases) {
      const answer = await send(`${simulator.url}/oauth2/v1/tokens/bearer`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization === undefined ? {} : { authorization }) },
        body: form,
      });
      expect(answer.status, String(authorization)).toBe(401);
      expect(answer.json).toEqual({ error: 'invalid_client' });
    }
    const calls = await admin.tokenCalls();
    expect(calls).toHaveLength(headerCases.length);
    expect(calls.every((call) => call.error === 'invalid_client' && call.status === 401)).toBe(true);
  });

  it('takes client_secret_post too, as its discovery document says (INTUIT.md §1)', async () => {
    const connected = await connectCompany(simulator, admin);
    const sandbox = simulator.clients.sandbox;
    const post = (clientSecret: string) =>
      send(`${simulator.url}/oauth2/v1/tokens/bearer`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: connected.refreshToken, client_id: sandbox.clientId, client_secret: clientSecret }).toString(),
      });
    expect(await post('wrong')).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    expect(await post(sandbox.clientSecret)).toMatchObject({ status: 200 });
    expect(await admin.lastTokenCall()).toMatchObject({ clientId: sandbox.clientId, grantType: 'refresh_token', status: 200 });
  });

  it('takes only form-encoded bodies and the two grant types', async () => {
    const sandbox = simulator.clients.sandbox;
    const json = await send(`${simulator.url}/oauth2/v1/tokens/bearer`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(sandbox), 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }),
    });
    expect(json.status).toBe(400);
    expect(json.json).toEqual({ error: 'invalid_request' });
    expect((await tokenRequest(simulator, sandbox, {})).json).toEqual({ error: 'invalid_request' });
    expect((await tokenRequest(simulator, sandbox, { grant_type: 'refresh_token' })).json).toEqual({ error: 'invalid_request' });
    expect((await tokenRequest(simulator, sandbox, { grant_type: 'authorization_code', code: 'x' })).json).toEqual({ error: 'invalid_request' });
    const clientCredentials = await tokenRequest(simulator, sandbox, { grant_type: 'client_credentials' });
    expect(clientCredentials.status).toBe(400);
    expect(clientCredentials.json).toEqual({ error: 'unsupported_grant_type' });
  });

  it('answers an oversized body with an Intuit-shaped 413 and keeps serving', async () => {
    const answer = await tokenRequest(simulator, simulator.clients.sandbox, { grant_type: 'refresh_token', refresh_token: 'x'.repeat(200_000) });
    expect(answer.status).toBe(413);
    expect(answer.json?.error).toBe('invalid_request');
    expect((await send(simulator.discoveryUrl('sandbox'))).status).toBe(200);
  });
});

describe('token endpoint: success', () => {
  it('answers the code exchange exactly as Intuit does', async () => {
    const connected = await connectCompany(simulator, admin, 'sandbox');
    const answer = connected.answer;
    expect(answer.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(Object.keys(answer.json ?? {})).toEqual(['id_token', 'expires_in', 'token_type', 'x_refresh_token_expires_in', 'refresh_token', 'access_token']);
    expect(answer.json?.token_type).toBe('bearer');
    expect(numberField(answer, 'expires_in')).toBe(3600);
    expect(numberField(answer, 'x_refresh_token_expires_in')).toBe(8_726_400);
    expect(connected.refreshToken).toMatch(/^RT1-\d{3}-H0-\d{10}[a-z0-9]{20}$/);
    expect(connected.accessToken.length).toBeGreaterThanOrEqual(600);
    expect(connected.accessToken.length).toBeLessThanOrEqual(900);
    expect(connected.accessToken).toMatch(/^eyJ[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('omits the id_token without openid, and adds the hard expiry only when asked', async () => {
    const connected = await connectCompany(simulator, admin, 'sandbox', { scope: 'com.intuit.quickbooks.accounting' });
    expect(connected.answer.json).not.toHaveProperty('id_token');
    expect(connected.answer.json).not.toHaveProperty('x_refresh_token_hard_expires_in');
    const answer = await tokenRequest(
      simulator,
      simulator.clients.sandbox,
      { grant_type: 'refresh_token', refresh_token: connected.refreshToken },
      { 'x-include-refresh-token-hard-expires-in': 'true' },
    );
    expect(answer.status).toBe(200);
    const hardExpiry = numberField(answer, 'x_refresh_token_hard_expires_in');
    expect(hardExpiry).toBeGreaterThan(5 * 365 * 86400 - 10);
    expect(hardExpiry).toBeLessThanOrEqual(1826 * 86400);
  });

  it('issues 50-character AB1 refresh tokens when set to the older format', async () => {
    await admin.updateSettings({ refreshTokenFormat: 'AB1' });
    const connected = await connectCompany(simulator, admin, 'production');
    expect(connected.refreshToken).toMatch(/^AB1\d{10}[A-Za-z0-9]{37}$/);
  });

  it('records each call with hashes, never the raw values', async () => {
    const connected = await connectCompany(simulator, admin, 'sandbox');
    const refreshed = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    const calls = await admin.tokenCalls();
    expect(calls.map((call) => [call.grantType, call.status, call.environment, call.realmId])).toEqual([
      ['authorization_code', 200, 'sandbox', connected.realmId],
      ['refresh_token', 200, 'sandbox', connected.realmId],
    ]);
    expect(calls[0]?.tokenHash).toBe(shortHash(connected.code));
    expect(calls[1]?.tokenHash).toBe(shortHash(connected.refreshToken));
    expect(calls[1]?.usedLatest).toBe(true);
    expect(calls[1]?.intuitTid).toBe(refreshed.headers.get('intuit_tid'));
    const serialized = JSON.stringify(calls);
    for (const secret of [connected.code, connected.refreshToken, connected.accessToken, stringField(refreshed, 'access_token')]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it('refuses a code that was never issued and records unknown_token', async () => {
    const answer = await exchangeCode(simulator, simulator.clients.sandbox, 'AB11700000000abcdefghijklmnopqrstuvwxyz0123456789A', 'http://localhost:8765/callback');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'invalid_grant' });
    expect((await admin.lastTokenCall()).cause).toBe('unknown_token');
  });
});
