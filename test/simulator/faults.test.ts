import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../main/simulator/index';
import type { SimulatorAdmin } from '../support/simulator-admin';
import { basicAuthorization, companyInfo, connectCompany, dayMs, refresh, stringField } from './intuit-requests';
import { useSimulator } from './use-simulator';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

useSimulator((started, client) => {
  simulator = started;
  admin = client;
});

/** A refresh over raw HTTP, resolving to the socket error when the server hangs up unanswered. */
function rawRefresh(refreshToken: string): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString();
    const outgoing = request(
      `${simulator.url}/oauth2/v1/tokens/bearer`,
      { method: 'POST', headers: { authorization: basicAuthorization(simulator.clients.sandbox), 'content-type': 'application/x-www-form-urlencoded' } },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0 });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    outgoing.end(body);
  });
}

describe('fault injection', () => {
  it('adds latency to Intuit endpoints but not to the admin API', async () => {
    await admin.setFaults({ latencyMs: 300 });
    const started = Date.now();
    await fetch(simulator.discoveryUrl('sandbox'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const adminStarted = Date.now();
    await admin.clock();
    expect(Date.now() - adminStarted).toBeLessThan(250);
  });

  it('fails the next N token responses with the chosen status, changing nothing', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.advanceClock(dayMs);
    await admin.setFaults({ failNext: { target: 'token', count: 2, status: 503 } });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const answer = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('intuit_tid')).not.toBeNull();
    }
    const calls = await admin.tokenCalls();
    expect(calls.slice(-2).map((call) => call.injectedFault)).toEqual(['http_error', 'http_error']);
    // The original token was never spent: it still rotates as a first refresh after 24 h would.
    const answer = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    expect(answer.status).toBe(200);
    expect(await admin.lastTokenCall()).toMatchObject({ usedLatest: true, rotated: true });
  });

  it('sends Retry-After with injected token failures when asked to', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.setFaults({ failNext: { target: 'token', count: 1, status: 429, retryAfterSeconds: 120 } });
    const throttled = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('120');
    await admin.setFaults({ failNext: { target: 'token', count: 1, status: 503 } });
    const failed = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBeNull();
  });

  it('throttles the API with the 3001 fault', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.setFaults({ failNext: { target: 'api', count: 1, status: 429 } });
    const throttled = await companyInfo(simulator, 'sandbox', connected.realmId, connected.accessToken);
    expect(throttled.status).toBe(429);
    expect(throttled.json).toMatchObject({ fault: { error: [{ code: '3001', detail: 'The request limit was reached.  Try again later' }] } });
    expect((await companyInfo(simulator, 'sandbox', connected.realmId, connected.accessToken)).status).toBe(200);
  });

  it('answers invalid_grant to good tokens during an outage window, and changes nothing', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.advanceClock(dayMs);
    await admin.setFaults({ outage: { forSeconds: 600 } });
    const during = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    expect(during.status).toBe(400);
    expect(during.json?.error).toBe('invalid_grant');
    expect(await admin.lastTokenCall()).toMatchObject({ cause: 'outage', usedLatest: true });
    await admin.advanceClock(600_000);
    const after = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    expect(after.status).toBe(200);
    expect(await admin.lastTokenCall()).toMatchObject({ usedLatest: true, rotated: true });
  });

  it('schedules an outage by simulator time', async () => {
    const connected = await connectCompany(simulator, admin);
    const { nowMs } = await admin.clock();
    await admin.setFaults({ outage: { fromMs: nowMs + 3_600_000, untilMs: nowMs + 7_200_000 } });
    expect((await refresh(simulator, simulator.clients.sandbox, connected.refreshToken)).status).toBe(200);
    await admin.advanceClock(3_600_000);
    expect((await refresh(simulator, simulator.clients.sandbox, connected.refreshToken)).status).toBe(400);
  });

  it('loses the response of the next refresh for a realm after applying it', async () => {
    const sandbox = simulator.clients.sandbox;
    const [first, second] = await admin.companies('sandbox');
    const bystander = await connectCompany(simulator, admin, 'sandbox', { realmId: second?.realmId ?? '' });
    const target = await connectCompany(simulator, admin, 'sandbox', { realmId: first?.realmId ?? '' });
    await admin.advanceClock(dayMs);
    await admin.setFaults({ lostResponse: { realmId: target.realmId } });
    expect((await refresh(simulator, sandbox, bystander.refreshToken)).status).toBe(200);
    const lost = await rawRefresh(target.refreshToken);
    expect(lost).toHaveProperty('error');
    const record = await admin.lastTokenCall();
    expect(record).toMatchObject({ injectedFault: 'lost_response', status: 200, rotated: true, realmId: target.realmId });
    // The refresh was applied: the token sent is now superseded, and (within grace) gets the latest back.
    const retry = await refresh(simulator, sandbox, target.refreshToken);
    expect(retry.status).toBe(200);
    expect(await admin.lastTokenCall()).toMatchObject({ usedLatest: false });
    expect(stringField(retry, 'refresh_token')).not.toBe(target.refreshToken);
    expect((await admin.faults()).lostResponses).toEqual([]);
  });

  it('clears all faults', async () => {
    await admin.setFaults({ latencyMs: 10, failNext: { target: 'api', count: 3, status: 500 }, outage: { forSeconds: 60 }, lostResponse: {} });
    const cleared = await admin.clearFaults();
    expect(cleared).toEqual({ latencyMs: 0, failNext: { token: null, api: null }, outages: [], lostResponses: [] });
  });
});
