import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { RunningSimulator } from '../../main/simulator/index';
import { SimulatorAdmin } from '../support/simulator-admin';
import { connectCompany, send, stringField } from './intuit-requests';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

beforeAll(async () => {
  simulator = await startSimulator();
  admin = new SimulatorAdmin(simulator.url);
});
afterAll(async () => {
  await simulator.close();
});

describe('discovery', () => {
  it.each(['sandbox', 'production'] as const)('serves the %s document at Intuit’s path, pointing at this server', async (environment) => {
    const answer = await send(simulator.discoveryUrl(environment));
    expect(answer.status).toBe(200);
    expect(simulator.discoveryUrl(environment)).toMatch(environment === 'sandbox' ? /openid_sandbox_configuration$/ : /\/openid_configuration$/);
    const document = answer.json ?? {};
    const origin = simulator.url;
    expect(document).toEqual({
      issuer: `${origin}/op/v1`,
      authorization_endpoint: `${origin}/connect/oauth2`,
      token_endpoint: `${origin}/oauth2/v1/tokens/bearer`,
      userinfo_endpoint: `${origin}/${environment === 'sandbox' ? 'sandbox-accounts' : 'accounts'}/v1/openid_connect/userinfo`,
      revocation_endpoint: `${origin}/v2/oauth2/tokens/revoke`,
      jwks_uri: `${origin}/op/v1/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile', 'address', 'phone'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: ['aud', 'exp', 'iat', 'iss', 'realmid', 'sub'],
    });
    expect(document).not.toHaveProperty('code_challenge_methods_supported');
    expect(document).not.toHaveProperty('grant_types_supported');
  });

  it('puts an intuit_tid header on every response, errors included', async () => {
    const answers = await Promise.all([
      send(simulator.discoveryUrl('sandbox')),
      send(`${simulator.url}/no/such/path`),
      send(`${simulator.url}/oauth2/v1/tokens/bearer`, { method: 'POST' }),
      send(`${simulator.apiBaseUrl('production')}/v3/company/1/companyinfo/1`),
    ]);
    const tids = answers.map((answer) => answer.headers.get('intuit_tid'));
    for (const tid of tids) {
      expect(tid).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    }
    expect(new Set(tids).size).toBe(tids.length);
  });

  it('signs the ID token with RS256 under a kid published in the JWKS, with Intuit’s claims', async () => {
    const connected = await connectCompany(simulator, admin, 'sandbox');
    const idToken = stringField(connected.answer, 'id_token');
    const [header = '', payload = '', signature = ''] = idToken.split('.');
    const headerJson = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg: string; kid: string };
    expect(headerJson.alg).toBe('RS256');
    const jwks = await send(`${simulator.url}/op/v1/jwks`);
    const keys = (jwks.json?.keys ?? []) as Array<{ kid: string; n: string; e: string; kty: string }>;
    const key = keys.find((entry) => entry.kid === headerJson.kid);
    expect(key?.kty).toBe('RSA');
    const publicKey = createPublicKey({ key: { kty: 'RSA', n: key?.n ?? '', e: key?.e ?? '' }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    expect(claims).toMatchObject({ iss: `${simulator.url}/op/v1`, aud: [simulator.clients.sandbox.clientId], realmid: connected.realmId });
    expect(typeof claims.sub).toBe('string');
    expect(Math.abs(Number(claims.iat) - now)).toBeLessThan(5);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(Number(claims.auth_time)).toBeLessThanOrEqual(Number(claims.iat));
  });

  it('answers UserInfo in camelCase for its own environment only', async () => {
    const connected = await connectCompany(simulator, admin, 'sandbox');
    const headers = { authorization: `Bearer ${connected.accessToken}`, accept: 'application/json' };
    const answer = await send(`${simulator.url}/sandbox-accounts/v1/openid_connect/userinfo`, { headers });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json ?? {}).sort()).toEqual(['email', 'emailVerified', 'familyName', 'givenName', 'sub']);
    expect(answer.json?.emailVerified).toBe(true);
    const production = await send(`${simulator.url}/accounts/v1/openid_connect/userinfo`, { headers });
    expect(production.status).toBe(401);
  });
});
