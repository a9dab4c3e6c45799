import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProtocolUrl } from '../../main/app/protocol-url';
import { startServiceHarness } from './app-service-harness';
import { waitUntil } from '../support/wait-until';

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

function statusOf(running: Running, companyId: string): string | undefined {
  return running.service.companies().find((company) => company.id === companyId)?.status;
}

async function refreshCalls(running: Running): Promise<number> {
  return (await running.harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token').length;
}

describe('the Disconnect URL\'s realmkeeper://disconnected link', () => {
  it('parses with a realm id, without one, and refuses a malformed one', () => {
    expect(parseProtocolUrl('realmkeeper://disconnected?realmId=9341452148659287')).toEqual({ kind: 'disconnected', realmId: '9341452148659287' });
    expect(parseProtocolUrl('realmkeeper://disconnected')).toEqual({ kind: 'disconnected', realmId: undefined });
    expect(parseProtocolUrl('realmkeeper://disconnected?realmId=12%3Bdrop')).toEqual({ kind: 'unknown' });
  });
});

describe('a Disconnect notice reaching the app service', () => {
  let running: Running;
  beforeEach(async () => {
    running = await startServiceHarness();
  });
  afterEach(async () => {
    await running?.close();
  });

  it('checks that company at once: after a disconnect in QuickBooks it needs reconnecting, and only it was asked about', async () => {
    const larry = await connect(running, "Larry's Bakery");
    const amy = await connect(running, "Amy's Bird Sanctuary");
    const realmId = await running.harness.realmOf("Larry's Bakery");
    await running.harness.admin.disconnect({ realmId });
    const before = await refreshCalls(running);
    await running.service.handleProtocolUrl(`realmkeeper://disconnected?realmId=${realmId}`);
    expect(statusOf(running, larry)).toBe('needs_reconnect');
    expect(statusOf(running, amy)).toBe('connected');
    expect(running.notifications).toContainEqual(expect.objectContaining({ companyId: larry, title: "Larry's Bakery needs reconnecting" }));
    // Larry's token, its confirmation retry and a probe of a healthy company may be sent; never more than that.
    expect((await refreshCalls(running)) - before).toBeGreaterThanOrEqual(1);
    expect((await refreshCalls(running)) - before).toBeLessThanOrEqual(3);
  });

  it('flags a lone company revoked at once, though no other company can confirm that Intuit answers normally', async () => {
    const larry = await connect(running, "Larry's Bakery");
    const realmId = await running.harness.realmOf("Larry's Bakery");
    // Past the access token's hour, so QuickBooks cannot be asked: the refusal alone could be an outage.
    await running.harness.advanceClock(2 * 60 * 60_000);
    await running.harness.admin.disconnect({ realmId });
    await running.service.handleProtocolUrl(`realmkeeper://disconnected?realmId=${realmId}`);
    expect(running.service.companies().find((company) => company.id === larry)).toMatchObject({ status: 'needs_reconnect', cause: 'revoked' });
  });

  it('a notice during an outage flags the company, which is connected again once Intuit answers for another', async () => {
    const larry = await connect(running, "Larry's Bakery");
    const amy = await connect(running, "Amy's Bird Sanctuary");
    // Past the access tokens' hour: QuickBooks cannot be asked whether the connection still stands.
    await running.harness.advanceClock(2 * 60 * 60_000);
    await running.harness.admin.setFaults({ outage: { forSeconds: 600 } });
    // Forged, or sent in earnest while Intuit refuses every token: the refusal cannot tell.
    await running.service.handleProtocolUrl(`realmkeeper://disconnected?realmId=${await running.harness.realmOf("Larry's Bakery")}`);
    expect(running.service.companies().find((company) => company.id === larry)).toMatchObject({ status: 'needs_reconnect', cause: 'revoked' });
    await running.harness.admin.clearFaults();
    expect(await running.service.currentEngine.refresh(amy)).toMatchObject({ kind: 'refreshed' });
    await waitUntil(() => statusOf(running, larry) === 'connected', 'Larry was checked again and is connected');
  });

  it('a notice is outweighed by an access token QuickBooks still honours: refused during an outage, the company is retried, not flagged', async () => {
    const larry = await connect(running, "Larry's Bakery");
    await running.harness.admin.setFaults({ outage: { forSeconds: 600 } });
    await running.service.handleProtocolUrl(`realmkeeper://disconnected?realmId=${await running.harness.realmOf("Larry's Bakery")}`);
    expect(statusOf(running, larry)).toBe('retrying');
  });

  it('never marks a company broken on the notice alone: one Intuit still honours stays connected', async () => {
    const larry = await connect(running, "Larry's Bakery");
    await running.service.handleProtocolUrl(`realmkeeper://disconnected?realmId=${await running.harness.realmOf("Larry's Bakery")}`);
    expect(statusOf(running, larry)).toBe('connected');
    expect(running.notifications).toEqual([]);
  });

  it('asks Intuit nothing for a realm that is not connected here', async () => {
    await connect(running, "Larry's Bakery");
    const before = await refreshCalls(running);
    await running.service.handleProtocolUrl('realmkeeper://disconnected?realmId=1234567890');
    expect(await refreshCalls(running)).toBe(before);
  });
});
