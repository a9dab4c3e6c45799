import { describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import { useEngineHarness, type EngineHarness } from '../../support/engine-harness';

describe('connecting a company through the loopback redirect', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;

  useEngineHarness((setup) => {
    ({ harness, engine } = setup);
  });

  async function startAndConsent(companyName: string, targetCompanyId?: string) {
    const started = await engine.connect({ environment: 'sandbox', targetCompanyId });
    const realmId = await harness.realmOf(companyName);
    const redirectUrl = await harness.consent(started.authorizationUrl, realmId);
    return { started, realmId, redirectUrl };
  }

  it('exchanges the code once, keeps the tokens in the keychain and names the company from QuickBooks', async () => {
    const { started, realmId, redirectUrl } = await startAndConsent("Larry's Bakery");
    const delivered = await harness.deliver(redirectUrl);
    expect(delivered.status).toBe(302);
    expect(delivered.page).toContain("Larry&#39;s Bakery is connected");

    const attempt = await engine.waitForAttempt(started.attempt.attemptId);
    expect(attempt.state).toMatchObject({ step: 'connected', companyName: "Larry's Bakery", recovered: false });
    const [company] = engine.companies();
    expect(company).toMatchObject({ name: "Larry's Bakery", realmId, environment: 'sandbox', status: 'connected' });
    const token = await engine.getAccessToken(company?.id ?? '');
    expect(token.kind).toBe('token');
    const calls = await harness.admin.tokenCalls();
    expect(calls.filter((call) => call.grantType === 'authorization_code')).toHaveLength(1);
  });

  it('sends a code to Intuit once however often the callback arrives: twice, five at once, or replayed later', async () => {
    const { redirectUrl } = await startAndConsent("Larry's Bakery");
    const parallel = await Promise.all(Array.from({ length: 5 }, () => harness.deliver(redirectUrl)));
    expect(parallel.every((answer) => answer.status === 302)).toBe(true);
    const again = await harness.deliver(redirectUrl);
    expect(again.page).toMatch(/already handled|already used/);

    const calls = await harness.admin.tokenCalls();
    expect(calls.filter((call) => call.grantType === 'authorization_code')).toHaveLength(1);
    expect(calls.filter((call) => call.error === 'invalid_grant')).toHaveLength(0);
    const company = engine.companies()[0];
    expect(company?.status).toBe('connected');
    // The connection that first exchange made still works: Intuit did not revoke it.
    expect((await engine.testConnection(company?.id ?? '')).kind).toBe('ok');
  });

  it('completes several pending attempts independently, in whatever order the browser returns', async () => {
    const larry = await startAndConsent("Larry's Bakery");
    const amy = await startAndConsent("Amy's Bird Sanctuary");
    expect(engine.flow.pending()).toHaveLength(2);
    await harness.deliver(amy.redirectUrl);
    expect(engine.flow.pending().map((attempt) => attempt.attemptId)).toEqual([larry.started.attempt.attemptId]);
    await harness.deliver(larry.redirectUrl);
    expect((await engine.waitForAttempt(larry.started.attempt.attemptId)).state).toMatchObject({ step: 'connected', companyName: "Larry's Bakery" });
    expect((await engine.waitForAttempt(amy.started.attempt.attemptId)).state).toMatchObject({ step: 'connected', companyName: "Amy's Bird Sanctuary" });
    expect(engine.companies().map((company) => company.name).sort()).toEqual(["Amy's Bird Sanctuary", "Larry's Bakery"]);
  });

  it('never sends a code again when the answer to its exchange was lost, and asks to start again', async () => {
    const { started, redirectUrl } = await startAndConsent("Larry's Bakery");
    await harness.admin.setFaults({ lostResponse: { grantType: 'authorization_code' } });
    const delivered = await harness.deliver(redirectUrl);
    expect(delivered.page).toContain('never arrived');
    expect((await engine.waitForAttempt(started.attempt.attemptId)).state).toMatchObject({ step: 'failed', cause: 'exchange_outcome_unknown' });
    await harness.admin.clearFaults();
    await harness.deliver(redirectUrl);
    const exchanges = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code');
    expect(exchanges).toHaveLength(1);
    expect(engine.companies()).toHaveLength(0);
  });

  it('ignores a forged state and a malformed callback without calling Intuit', async () => {
    await startAndConsent("Larry's Bakery");
    const forged = await harness.deliver(`${harness.redirectUri}?code=AB11795453283Gu73pvpi4eFFYUobTMwLnemcUTyJTVsMKcDv8&state=forged&realmId=9341452148659287`);
    expect(forged.page).toContain('Realmkeeper did not start this sign-in');
    const malformed = await harness.deliver(`${harness.redirectUri}?state=a&state=b&code=x`);
    expect(malformed.page).toContain('incomplete');
    expect(await harness.admin.tokenCalls()).toHaveLength(0);
    expect(engine.companies()).toHaveLength(0);
  });

  it('reports Cancel on the Intuit page as access_denied and connects nothing', async () => {
    const started = await engine.connect({ environment: 'sandbox' });
    const consent = await harness.admin.consent({ authorizationUrl: started.authorizationUrl, action: 'cancel' });
    if (consent.kind !== 'redirect') throw new Error('expected a redirect');
    const delivered = await harness.deliver(consent.redirectUrl);
    expect(delivered.page).toContain('cancelled on the Intuit page');
    expect((await engine.waitForAttempt(started.attempt.attemptId)).state).toMatchObject({ step: 'failed', cause: 'access_denied' });
    expect(await harness.admin.tokenCalls()).toHaveLength(0);
  });

  it('refuses a callback older than 10 minutes without sending its code', async () => {
    const { started, redirectUrl } = await startAndConsent("Larry's Bakery");
    await harness.advanceClock(10 * 60_000 + 1_000);
    const delivered = await harness.deliver(redirectUrl);
    expect(delivered.page).toContain('expired');
    expect((engine.flow.get(started.attempt.attemptId))?.state.step).toBe('expired');
    expect(await harness.admin.tokenCalls()).toHaveLength(0);
  });

  it('pins a reconnect to its company: another realm is held back until the bookkeeper decides', async () => {
    const first = await startAndConsent("Larry's Bakery");
    await harness.deliver(first.redirectUrl);
    const larry = engine.companies()[0];
    if (larry === undefined) throw new Error('not connected');

    const repair = await startAndConsent("Amy's Bird Sanctuary", larry.id);
    await harness.deliver(repair.redirectUrl);
    const held = await engine.waitForAttempt(repair.started.attempt.attemptId);
    expect(held.state).toMatchObject({ step: 'realm_mismatch', expectedCompanyName: "Larry's Bakery", returnedRealmId: repair.realmId });
    expect(engine.companies().map((company) => company.name)).toEqual(["Larry's Bakery"]);
    expect((await harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code')).toHaveLength(1);

    const added = await engine.resolveRealmMismatch(repair.started.attempt.attemptId, 'add_other');
    expect(added?.state).toMatchObject({ step: 'connected', companyName: "Amy's Bird Sanctuary" });
    expect(engine.companies().map((company) => company.name).sort()).toEqual(["Amy's Bird Sanctuary", "Larry's Bakery"]);
  });

  it('reconnects a company in place and reports it recovered', async () => {
    const first = await startAndConsent("Larry's Bakery");
    await harness.deliver(first.redirectUrl);
    const larry = engine.companies()[0];
    if (larry === undefined) throw new Error('not connected');
    await harness.admin.disconnect({ realmId: larry.realmId });
    const refresh = await engine.refresh(larry.id);
    expect(refresh).toMatchObject({ kind: 'needs_reconnect', cause: 'revoked' });

    const repair = await startAndConsent("Larry's Bakery", larry.id);
    await harness.deliver(repair.redirectUrl);
    const done = await engine.waitForAttempt(repair.started.attempt.attemptId);
    expect(done.state).toMatchObject({ step: 'connected', recovered: true });
    expect(engine.companies()).toEqual([expect.objectContaining({ id: larry.id, status: 'connected', cause: null })]);
    expect(harness.events).toContainEqual(expect.objectContaining({ kind: 'recovered', companyId: larry.id }));
  });
});
