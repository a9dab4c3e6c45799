import { describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index';
import { SimulatorAdmin } from '../support/simulator-admin';
import { companyInfo, connectCompany, dayMs, hourMs, numberField, refresh, stringField } from './intuit-requests';
import { useSimulator } from './use-simulator';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

useSimulator((started, client) => {
  simulator = started;
  admin = client;
});

describe('refresh token rotation and lifetimes', () => {
  it('returns the same refresh token within 24 hours of its issue, with less time left', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.advanceClock(hourMs);
    const answer = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    expect(answer.status).toBe(200);
    expect(stringField(answer, 'refresh_token')).toBe(connected.refreshToken);
    // Counted from the token's issue, not renewed; wall time also passes between the two calls.
    const left = numberField(answer, 'x_refresh_token_expires_in');
    expect(left).toBeLessThanOrEqual(8_726_400 - 3600);
    expect(left).toBeGreaterThan(8_726_400 - 3600 - 5);
    expect(stringField(answer, 'access_token')).not.toBe(connected.accessToken);
    const call = await admin.lastTokenCall();
    expect(call).toMatchObject({ rotated: false, usedLatest: true, cause: null, status: 200 });
  });

  it('returns a new refresh token after 24 hours, with a fresh lifetime', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.advanceClock(dayMs);
    const answer = await refresh(simulator, simulator.clients.sandbox, connected.refreshToken);
    expect(stringField(answer, 'refresh_token')).not.toBe(connected.refreshToken);
    expect(numberField(answer, 'x_refresh_token_expires_in')).toBe(8_726_400);
    expect((await admin.lastTokenCall()).rotated).toBe(true);
  });

  it('lets a superseded token work for 24 hours, answering with the latest token, then refuses it', async () => {
    const sandbox = simulator.clients.sandbox;
    const connected = await connectCompany(simulator, admin);
    await admin.advanceClock(dayMs);
    const latest = stringField(await refresh(simulator, sandbox, connected.refreshToken), 'refresh_token');

    await admin.advanceClock(23 * hourMs);
    const withinGrace = await refresh(simulator, sandbox, connected.refreshToken);
    expect(withinGrace.status).toBe(200);
    expect(stringField(withinGrace, 'refresh_token')).toBe(latest);
    expect(await admin.lastTokenCall()).toMatchObject({ usedLatest: false, rotated: false });

    await admin.advanceClock(hourMs);
    const afterGrace = await refresh(simulator, sandbox, connected.refreshToken);
    expect(afterGrace.status).toBe(400);
    expect(afterGrace.json).toEqual({ error_description: 'Incorrect or invalid refresh token', error: 'invalid_grant' });
    expect(await admin.lastTokenCall()).toMatchObject({ cause: 'stale_refresh_token', usedLatest: false });
    expect((await refresh(simulator, sandbox, latest)).status).toBe(200);
  });

  it('expires a refresh token unused for its lifetime, and the lifetime is configurable', async () => {
    const sandbox = simulator.clients.sandbox;
    const kept = await connectCompany(simulator, admin);
    const lost = await connectCompany(simulator, admin);
    await admin.advanceClock(8_726_399_000);
    expect((await refresh(simulator, sandbox, kept.refreshToken)).status).toBe(200);
    await admin.advanceClock(1000);
    const answer = await refresh(simulator, sandbox, lost.refreshToken);
    expect(answer.status).toBe(400);
    expect((await admin.lastTokenCall()).cause).toBe('expired_refresh_token');

    await admin.updateSettings({ refreshTokenLifetimeSeconds: 600 });
    const short = await connectCompany(simulator, admin);
    expect(numberField(short.answer, 'x_refresh_token_expires_in')).toBe(600);
    await admin.advanceClock(600_000);
    expect((await refresh(simulator, sandbox, short.refreshToken)).status).toBe(400);
    expect((await admin.lastTokenCall()).cause).toBe('expired_refresh_token');
  });

  it('stops every refresh at the 5-year cap from the original consent, however often refreshed', async () => {
    const sandbox = simulator.clients.sandbox;
    const connected = await connectCompany(simulator, admin);
    let token = connected.refreshToken;
    const fiveYearsMs = 1826 * dayMs;
    // Refresh every 90 days, as a keeper would, until the cap.
    for (let elapsed = 90 * dayMs; elapsed < fiveYearsMs; elapsed += 90 * dayMs) {
      await admin.advanceClock(90 * dayMs);
      const answer = await refresh(simulator, sandbox, token);
      expect(answer.status).toBe(200);
      token = stringField(answer, 'refresh_token');
      expect(numberField(answer, 'x_refresh_token_expires_in')).toBeLessThanOrEqual((fiveYearsMs - elapsed) / 1000);
    }
    await admin.advanceClock(fiveYearsMs - 20 * 90 * dayMs);
    const capped = await refresh(simulator, sandbox, token);
    expect(capped.status).toBe(400);
    expect((await admin.lastTokenCall()).cause).toBe('hard_cap_expired');
  });

  it('expires access tokens after 3600 s with the 3200 fault and its sibling fields', async () => {
    const connected = await connectCompany(simulator, admin);
    await admin.advanceClock(3_599_000);
    expect((await companyInfo(simulator, 'sandbox', connected.realmId, connected.accessToken)).status).toBe(200);
    await admin.advanceClock(1000);
    const answer = await companyInfo(simulator, 'sandbox', connected.realmId, connected.accessToken);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({
      warnings: null,
      intuitObject: null,
      fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', code: '3200', element: null }], type: 'AUTHENTICATION' },
      report: null,
      queryResponse: null,
    });
    expect(typeof answer.json?.time).toBe('number');
    const error = (answer.json?.fault as { error: Array<{ detail: string }> }).error[0];
    expect(error?.detail).toMatch(/^Token expired: /);
  });
});

describe('strict mode', () => {
  it('rotates on every refresh and gives superseded tokens no grace', async () => {
    const strict = await startSimulator({ strict: true });
    try {
      const strictAdmin = new SimulatorAdmin(strict.url);
      expect(await strictAdmin.settings()).toMatchObject({ rotateOnEveryRefresh: true, staleGraceSeconds: 0 });
      const connected = await connectCompany(strict, strictAdmin);
      const first = await refresh(strict, strict.clients.sandbox, connected.refreshToken);
      const next = stringField(first, 'refresh_token');
      expect(next).not.toBe(connected.refreshToken);
      const stale = await refresh(strict, strict.clients.sandbox, connected.refreshToken);
      expect(stale.status).toBe(400);
      expect((await strictAdmin.lastTokenCall()).cause).toBe('stale_refresh_token');
      expect((await refresh(strict, strict.clients.sandbox, next)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
