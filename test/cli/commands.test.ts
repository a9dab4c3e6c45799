import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useHarness, type EngineHarness } from '../support/engine-harness';
import { cliEnvironment, connectThroughCli, useCliBuild, runCli, startConnect } from './cli-process';

// Each test starts several child processes; on a busy two-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

useCliBuild();

describe('realmkeeper over the simulator, as child processes', () => {
  let harness: EngineHarness;
  let env: NodeJS.ProcessEnv;

  useHarness((created) => {
    harness = created;
    env = cliEnvironment(created);
  }, { keychain: 'system' });

  it('connect --no-browser prints the URL, waits for the callback and names the company', async () => {
    const connect = await startConnect(env);
    expect(new URL(connect.authorizationUrl).searchParams.get('redirect_uri')).toBe(harness.redirectUri);
    const realmId = await harness.realmOf("Larry's Bakery");
    const delivered = await harness.deliver(await harness.consent(connect.authorizationUrl, realmId));
    expect(delivered.page).toContain('is connected');
    const run = await connect.result;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Connected Larry's Bakery (sandbox, realm ${realmId}).`);
    const exchanges = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code');
    expect(exchanges).toHaveLength(1);
  });

  it('connect exits 8 with one line when the bookkeeper cancels on the Intuit page', async () => {
    const connect = await startConnect(env);
    const consent = await harness.admin.consent({ authorizationUrl: connect.authorizationUrl, action: 'cancel' });
    if (consent.kind !== 'redirect') throw new Error('expected a redirect');
    await harness.deliver(consent.redirectUrl);
    const run = await connect.result;
    expect(run.code).toBe(8);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^realmkeeper: Not connected \(access_denied\)/);
  });

  it('status, token, refresh, test, log and disconnect on a connected company', async () => {
    expect((await connectThroughCli(harness, env, "Larry's Bakery")).code).toBe(0);
    const realmId = await harness.realmOf("Larry's Bakery");

    const status = await runCli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')[0]).toBe('1 company: 1 connected, 0 retrying, 0 need reconnecting.');
    expect(status.stdout).toContain(`Larry's Bakery (sandbox, realm ${realmId}): connected`);
    const attention = await runCli(['status', '--needs-attention'], env);
    expect(attention.code).toBe(0);
    expect(attention.stdout.trim()).toBe('1 company: 1 connected, 0 retrying, 0 need reconnecting.');
    expect(status.stdout).toMatch(/access token: +expires in (59|60) minutes \(\d{4}-/);
    expect(status.stdout).toMatch(/refresh token: +expires in 10[01] days/);

    const json = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { companies: Array<Record<string, unknown>> };
    expect(json.companies).toEqual([
      expect.objectContaining({ name: "Larry's Bakery", realmId, environment: 'sandbox', status: 'connected', cause: null, fix: null }),
    ]);
    expect(json.companies[0]?.['accessExpiresAt']).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    // Named by a prefix of its name, any case: only the token on stdout.
    const token = await runCli(['token', 'larry'], env);
    expect(token.code).toBe(0);
    expect(token.stderr).toBe('');
    expect(token.stdout).toMatch(/^\S+\n$/);
    expect(token.stdout.length).toBeGreaterThan(100);

    const refresh = await runCli(['refresh', realmId], env);
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toContain("Refreshed Larry's Bakery");
    const refreshed = await runCli(['token', realmId], env);
    expect(refreshed.stdout).not.toBe(token.stdout);
    const refreshCalls = (await harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token');
    expect(refreshCalls).toHaveLength(1);

    const test = await runCli(['test', "Larry's"], env);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/QuickBooks answered for Larry's Bakery .*intuit_tid/);

    const log = await runCli(['log', 'larry'], env);
    expect(log.code).toBe(0);
    expect(log.stdout).toMatch(/refresh.*succeeded/);
    const logJson = JSON.parse((await runCli(['log', '--json', '--limit', '5'], env)).stdout) as { events: Array<Record<string, unknown>> };
    expect(logJson.events.length).toBeGreaterThan(0);
    expect(logJson.events.length).toBeLessThanOrEqual(5);
    expect(logJson.events[0]?.['at']).toMatch(/Z$/);

    const bundlePath = join(harness.home, 'bundle.json');
    const bundle = await runCli(['export-bundle', bundlePath], env);
    expect(bundle.code).toBe(0);
    const bundleText = readFileSync(bundlePath, 'utf8');
    const contents = JSON.parse(bundleText) as { format: string; events: unknown[]; config: Array<{ key: string }> };
    expect(contents.format).toBe('realmkeeper-support-bundle');
    expect(contents.events.length).toBeGreaterThan(2);
    expect(contents.config.map((entry) => entry.key)).toContain('sandbox.clientSecret');
    for (const secret of [harness.simulator.clients.sandbox.clientSecret, token.stdout.trim(), refreshed.stdout.trim()]) {
      expect(bundleText).not.toContain(secret);
    }
    expect((await runCli(['export-bundle', bundlePath], env)).code).toBe(1);

    const disconnect = await runCli(['disconnect', 'larry'], env);
    expect(disconnect.code).toBe(0);
    expect(disconnect.stdout).toContain("Disconnected Larry's Bakery: Intuit revoked the connection");
    expect((await harness.admin.tokenCalls()).filter((call) => call.endpoint === 'revoke')).toHaveLength(1);
    expect((await runCli(['status'], env)).stdout).toContain('No companies are connected');
  });

  it('reports a company that needs reconnecting with its cause and fix, exit 3', async () => {
    await connectThroughCli(harness, env, "Larry's Bakery");
    const realmId = await harness.realmOf("Larry's Bakery");
    await harness.admin.disconnect({ realmId });
    const refresh = await runCli(['refresh', '--all'], env);
    expect(refresh.code).toBe(3);
    expect(refresh.stderr).toMatch(/^Larry's Bakery needs reconnecting \(revoked\)/);
    const status = await runCli(['status'], env);
    expect(status.code).toBe(9);
    expect(status.stdout.split('\n')[0]).toBe('1 company: 0 connected, 0 retrying, 1 needs reconnecting.');
    expect(status.stdout).toContain('needs reconnect');
    expect(status.stdout).toMatch(/fix: +Reconnect the company/);
    const attention = await runCli(['status', '--needs-attention', '--table'], env);
    expect(attention.code).toBe(9);
    expect(attention.stdout).toMatch(/^COMPANY +ENV +STATUS +PROBLEM +REFRESH TOKEN +LAST CHECK$/m);
    expect(attention.stdout).toMatch(/^Larry's Bakery +sandbox +needs reconnect +reconnect \(revoked\)/m);
    const doctor = await runCli(['doctor'], env);
    expect(doctor.stdout).toMatch(/PROBLEM +companies: 1 of 1 need reconnecting: Larry's Bakery/);
    const token = await runCli(['token', realmId], env);
    expect(token.code).toBe(3);
    expect(token.stdout).toBe('');
  });

  it('token --all --json hands out every company\'s token in one process, with the one that needs reconnecting as an error', async () => {
    await connectThroughCli(harness, env, "Larry's Bakery");
    await connectThroughCli(harness, env, "Amy's Bird Sanctuary");
    const larry = await harness.realmOf("Larry's Bakery");
    const amy = await harness.realmOf("Amy's Bird Sanctuary");
    const single = await runCli(['token', 'larry'], env);

    const all = await runCli(['token', '--all', '--json'], env);
    expect(all.code).toBe(0);
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(1);
    const answer = JSON.parse(all.stdout) as { companies: Array<{ realmId: string; name: string; accessToken?: string; expiresAt?: string }> };
    expect(answer.companies.map((entry) => entry.realmId).sort()).toEqual([larry, amy].sort());
    expect(answer.companies.find((entry) => entry.realmId === larry)?.accessToken).toBe(single.stdout.trim());
    expect(answer.companies.every((entry) => typeof entry.expiresAt === 'string' && !Number.isNaN(Date.parse(entry.expiresAt)))).toBe(true);
    // Fresh tokens come from the keychain: handing them out never asks Intuit.
    expect((await harness.admin.tokenCalls()).filter((call) => call.grantType === 'refresh_token')).toHaveLength(0);

    await harness.admin.disconnect({ realmId: amy });
    await runCli(['refresh', 'amy'], env);
    const partial = await runCli(['token', '--all', '--json'], env);
    expect(partial.code).toBe(3);
    const entries = (JSON.parse(partial.stdout) as { companies: Array<{ realmId: string; accessToken?: string; error?: { exitCode: number; message: string } }> }).companies;
    expect(entries.find((entry) => entry.realmId === larry)?.accessToken).toBe(single.stdout.trim());
    expect(entries.find((entry) => entry.realmId === amy)?.error).toMatchObject({ exitCode: 3, message: expect.stringMatching(/^Amy's Bird Sanctuary needs reconnecting \(revoked\)/) });

    const bare = await runCli(['token', '--all'], env);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
  });

  it('keeps a company Intuit could not be told to disconnect, unless asked to forget it anyway', async () => {
    await connectThroughCli(harness, env, "Larry's Bakery");
    // Intuit's addresses unreachable: forgetting the company would leave its connection live at
    // Intuit with nobody here who knows of it, so it is kept (exit 7) and the message says why.
    const offline = { ...env, REALMKEEPER_SANDBOX_DISCOVERY_URL: 'http://127.0.0.1:9/.well-known/openid_sandbox_configuration' };
    const kept = await runCli(['disconnect', 'larry'], offline);
    expect(kept.code).toBe(7);
    expect(kept.stderr).toMatch(/^realmkeeper: Intuit could not be told to disconnect Larry's Bakery .*so it was kept here/);
    expect((await runCli(['status'], env)).stdout).toContain("Larry's Bakery");

    const forgotten = await runCli(['disconnect', 'larry', '--anyway'], offline);
    expect(forgotten.code).toBe(0);
    expect(forgotten.stdout).toContain("Removed Larry's Bakery from Realmkeeper.");
    expect(forgotten.stderr).toMatch(/^Intuit could not be told/);
  });
});
