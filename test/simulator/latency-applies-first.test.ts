import { describe, expect, it, vi } from 'vitest';
import { revokeToken } from '../../main/core/intuit/revoke-token';
import { sendTokenRequest } from '../../main/core/intuit/send-token-request';
import { buildCodeExchangeRequest, buildRefreshRequest } from '../../main/core/intuit/token-request';
import type { RunningSimulator, TokenCallRecord } from '../../main/simulator/index';
import { revocationPath, tokenPath } from '../../main/simulator/index';
import { authorizationUrl, type SimulatorAdmin } from '../support/simulator-admin';
import { connectCompany, exchangeCode, refresh } from './intuit-requests';
import { useSimulator } from './use-simulator';

/**
 * Intuit applies a token or revocation request before its answer travels back; a client that
 * gives up while it waits has still spent its code, rotated its refresh token or revoked the
 * connection. Under the strict setting, with latency longer than the client's timeout, the
 * simulator must apply and record such a call, and record that its answer was not delivered.
 */

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

useSimulator(
  (started, client) => {
    simulator = started;
    admin = client;
  },
  { strict: true },
);

const clientTimeoutMs = 200;
/** Far longer than the client waits; the simulator stops waiting as soon as the client hangs up. */
const latencyMs = 10_000;

/** The record of the call the client abandoned, once the simulator knows its answer was lost. */
async function undeliveredCall(endpoint: TokenCallRecord['endpoint']): Promise<TokenCallRecord> {
  return vi.waitFor(
    async () => {
      const call = (await admin.tokenCalls()).findLast((record) => record.endpoint === endpoint);
      if (call?.delivered !== false) throw new Error(`no undelivered ${endpoint} call yet: ${JSON.stringify(call)}`);
      return call;
    },
    { timeout: 5_000, interval: 20 },
  );
}

describe('a call whose client hung up during the latency fault', () => {
  it('rotates the refresh token all the same, and is recorded as applied but not delivered', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.setFaults({ latencyMs });

    const client = simulator.clients.sandbox;
    const request = buildRefreshRequest(`${simulator.url}${tokenPath}`, client, connected.refreshToken);
    expect(await sendTokenRequest(request, { timeoutMs: clientTimeoutMs })).toMatchObject({ kind: 'transient', reason: 'timeout', maybeApplied: true });

    expect(await undeliveredCall('token')).toMatchObject({ grantType: 'refresh_token', status: 200, usedLatest: true, rotated: true, injectedFault: null });
    await admin.setFaults({ latencyMs: 0 });
    const again = await refresh(simulator, client, connected.refreshToken);
    expect(again).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(await admin.lastTokenCall()).toMatchObject({ cause: 'stale_refresh_token', usedLatest: false, delivered: true });
  });

  it('spends the authorization code all the same', async () => {
    const client = simulator.clients.sandbox;
    const redirectUri = client.redirectUris[0] ?? '';
    const [company] = await admin.companies('sandbox');
    const consent = await admin.connect({
      authorizationUrl: authorizationUrl(simulator.url, { clientId: client.clientId, redirectUri, state: 'state-1' }),
      ...(company === undefined ? {} : { realmId: company.realmId }),
    });
    await admin.setFaults({ latencyMs });

    const request = buildCodeExchangeRequest(`${simulator.url}${tokenPath}`, client, consent.code, redirectUri);
    expect(await sendTokenRequest(request, { timeoutMs: clientTimeoutMs })).toMatchObject({ kind: 'transient', reason: 'timeout' });
    expect(await undeliveredCall('token')).toMatchObject({ grantType: 'authorization_code', status: 200 });

    await admin.setFaults({ latencyMs: 0 });
    expect(await exchangeCode(simulator, client, consent.code, redirectUri)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(await admin.lastTokenCall()).toMatchObject({ cause: 'code_reused' });
    // A replayed code revokes what the first (lost) exchange produced, as at Intuit.
    expect((await admin.connections()).map((connection) => connection.revokedBecause)).toEqual(['code_reused']);
  });

  it('revokes the connection all the same', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.setFaults({ latencyMs });

    const client = simulator.clients.sandbox;
    const outcome = await revokeToken({ revocationEndpoint: `${simulator.url}${revocationPath}`, credentials: client, refreshToken: connected.refreshToken, timeoutMs: clientTimeoutMs });
    expect(outcome).toMatchObject({ kind: 'unreachable' });
    expect(await undeliveredCall('revoke')).toMatchObject({ status: 200, realmId: connected.realmId });

    await admin.setFaults({ latencyMs: 0 });
    expect(await refresh(simulator, client, connected.refreshToken)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(await admin.lastTokenCall()).toMatchObject({ cause: 'revoked' });
  });

  it('records an answer that did arrive as delivered, and a dropped one as not', async () => {
    const connected = await connectCompany(simulator, admin);
    expect(await admin.lastTokenCall()).toMatchObject({ grantType: 'authorization_code', delivered: true });
    await admin.setFaults({ lostResponse: {} });
    const client = simulator.clients.sandbox;
    const request = buildRefreshRequest(`${simulator.url}${tokenPath}`, client, connected.refreshToken);
    expect(await sendTokenRequest(request, { timeoutMs: 5_000 })).toMatchObject({ kind: 'transient', maybeApplied: true });
    expect(await admin.lastTokenCall()).toMatchObject({ injectedFault: 'lost_response', delivered: false });
  });
});
