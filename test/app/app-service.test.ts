import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServiceHarness } from './app-service-harness';

type Running = Awaited<ReturnType<typeof startServiceHarness>>;

async function connect(running: Running, companyName: string): Promise<string> {
  const started = await running.service.handle('connect:start', { environment: 'sandbox' });
  if (!started.ok || started.value.authorizationUrl === null) throw new Error(`connect:start failed: ${JSON.stringify(started)}`);
  const redirect = await running.harness.consent(started.value.authorizationUrl, await running.harness.realmOf(companyName));
  await running.harness.deliver(redirect);
  const settled = await running.service.currentEngine.waitForAttempt(started.value.attempt.attemptId);
  if (settled.state.step !== 'connected') throw new Error(`not connected: ${settled.state.step}`);
  return settled.state.companyId;
}

describe('the app service over a real engine and simulator', () => {
  let running: Running;

  beforeEach(async () => {
    running = await startServiceHarness();
  });
  afterEach(async () => {
    await running?.close();
  });

  it('refuses malformed payloads, naming the field, and unknown channels', async () => {
    expect(await running.service.call('companies:refresh', { companyId: 7 })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('companyId') },
    });
    expect(await running.service.call('companies:list', { extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await running.service.call('companies:list', null)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await running.service.call('shell:exec', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('connects a company through the contract, and lists it without any token', async () => {
    const companyId = await connect(running, "Larry's Bakery");
    const list = await running.service.handle('companies:list', {});
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.companies).toEqual([expect.objectContaining({ id: companyId, name: "Larry's Bakery", status: 'connected', refreshing: false })]);
    expect(JSON.stringify(list)).not.toMatch(/AB1\d{10}|RT1-|eyJ/);
    expect(running.events).toContainEqual({ kind: 'attempt_changed', attempt: expect.objectContaining({ state: expect.objectContaining({ step: 'connected' }) }) });
    expect(await running.service.handle('companies:refresh', { companyId })).toEqual({ ok: true, value: { outcome: 'refreshed', message: "Larry's Bakery was refreshed." } });
    expect(await running.service.handle('companies:test', { companyId })).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('a refresh sends the window the one company that changed, as the list shows it; a disconnect asks for a re-read', async () => {
    const companyId = await connect(running, "Larry's Bakery");
    running.events.length = 0;
    await running.service.currentEngine.refresh(companyId, { force: true });
    const changed = running.events.filter((event) => event.kind === 'company_changed');
    expect(changed.length).toBeGreaterThan(0);
    const list = await running.service.handle('companies:list', {});
    if (!list.ok) throw new Error(list.error.message);
    // The last change carries exactly the row a re-read gives.
    expect(changed.at(-1)).toEqual({ kind: 'company_changed', company: list.value.companies[0] });
    expect(JSON.stringify(changed)).not.toMatch(/AB1\d{10}|RT1-|eyJ/);
    running.events.length = 0;
    await running.service.handle('companies:disconnect', { companyId });
    expect(running.events).toContainEqual({ kind: 'companies_changed' });
    expect(running.events.filter((event) => event.kind === 'company_changed')).toEqual([]);
  });

  it('answers expected failures as values with their message', async () => {
    expect(await running.service.handle('companies:test', { companyId: 'nope' })).toEqual({ ok: false, error: { code: 'unknown_company', message: 'No company nope.' } });
    expect(await running.service.handle('app:open-external', { url: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'url_not_allowed' } });
  });

  it('a revoked company is notified once, not on every refresh, and the summary counts its invalid_grants', async () => {
    const larry = await connect(running, "Larry's Bakery");
    await connect(running, "Amy's Bird Sanctuary");
    const realmId = await running.harness.realmOf("Larry's Bakery");
    await running.harness.admin.disconnect({ realmId });
    await running.service.handle('companies:refresh', { companyId: larry });
    await running.service.handle('companies:refresh', { companyId: larry });
    expect(running.notifications).toEqual([{ companyId: larry, title: "Larry's Bakery needs reconnecting", body: expect.stringContaining('disconnected') }]);
    expect(running.events).toContainEqual(expect.objectContaining({ kind: 'needs_reconnect', companyId: larry }));
    const summary = await running.service.handle('activity:summary', { days: 7 });
    if (!summary.ok) throw new Error(summary.error.message);
    expect(summary.value.invalidGrantsByCause).toContainEqual({ cause: 'revoked', count: expect.any(Number) });
  });

  it("keeps who can fix a company in the data folder, validated, and says the last failed check", async () => {
    const companyId = await connect(running, "Larry's Bakery");
    expect(await running.service.handle('companies:set-fixer', { companyId, fixer: { name: 'Dana', email: 'not an address' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await running.service.handle('companies:set-fixer', { companyId: 'nope', fixer: null })).toMatchObject({ ok: false, error: { code: 'unknown_company' } });
    expect(await running.service.handle('companies:set-fixer', { companyId, fixer: { name: 'Dana Ortiz', email: 'dana@client.example' } })).toEqual({ ok: true, value: { fixer: { name: 'Dana Ortiz', email: 'dana@client.example' } } });
    await running.harness.admin.disconnect({ realmId: await running.harness.realmOf("Larry's Bakery") });
    await running.service.handle('companies:refresh', { companyId });
    const list = await running.service.handle('companies:list', {});
    if (!list.ok) throw new Error(list.error.message);
    const [larry] = list.value.companies;
    expect(larry).toMatchObject({ status: 'needs_reconnect', fixer: { name: 'Dana Ortiz', email: 'dana@client.example' } });
    expect(larry?.lastFailureAt).toBe(larry?.lastCheckedAt);
    expect(larry?.lastSuccessAt).toBeLessThan(larry?.lastFailureAt ?? 0);
  });

  it('a protocol callback delivered three times exchanges its code once', async () => {
    const started = await running.service.handle('connect:start', { environment: 'sandbox' });
    if (!started.ok || started.value.authorizationUrl === null) throw new Error('connect:start failed');
    const redirect = await running.harness.consent(started.value.authorizationUrl, await running.harness.realmOf("Larry's Bakery"));
    const protocolUrl = `realmkeeper://oauth/callback${new URL(redirect).search}`;
    await Promise.all([running.service.handleProtocolUrl(protocolUrl), running.service.handleProtocolUrl(protocolUrl), running.service.handleProtocolUrl(protocolUrl)]);
    const exchanges = (await running.harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.status).toBe(200);
  });

  it('a reconnect link focuses that company', async () => {
    const larry = await connect(running, "Larry's Bakery");
    await running.service.handleProtocolUrl(`realmkeeper://reconnect?realmId=${await running.harness.realmOf("Larry's Bakery")}`);
    expect(running.events).toContainEqual({ kind: 'focus_company', companyId: larry });
  });

  it('settings never carry a secret', async () => {
    const settings = await running.service.handle('settings:get', {});
    if (!settings.ok) throw new Error(settings.error.message);
    expect(settings.value.demo).toBe(false);
    expect(settings.value.environments.find((environment) => environment.environment === 'sandbox')).toMatchObject({ enabled: true, secretStored: true, secretVariable: 'REALMKEEPER_SANDBOX_CLIENT_SECRET', problems: [] });
    expect(JSON.stringify(settings.value)).not.toContain(running.harness.simulator.clients.sandbox.clientSecret);
  });
});

describe('connect:start in a shell that opens the browser itself', () => {
  it('returns no URL when the shell opened it, and the URL when it could not', async () => {
    const openExternal = vi.fn(async () => true);
    const running = await startServiceHarness({ opensConsentPage: true, openExternal });
    try {
      const opened = await running.service.handle('connect:start', { environment: 'sandbox' });
      expect(opened).toMatchObject({ ok: true, value: { authorizationUrl: null } });
      expect(openExternal).toHaveBeenCalledOnce();
      openExternal.mockResolvedValueOnce(false);
      const notOpened = await running.service.handle('connect:start', { environment: 'sandbox' });
      expect(notOpened).toMatchObject({ ok: true, value: { authorizationUrl: expect.stringContaining('/connect/oauth2') } });
    } finally {
      await running.close();
    }
  });
});
