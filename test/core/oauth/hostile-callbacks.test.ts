import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/app/memory-secret-store';
import { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import type { SecretStore } from '../../../main/core/keychain/secret-store';
import { shortHash, startSimulator, type RunningSimulator } from '../../../main/simulator/index';
import { freeLoopbackPort } from '../../support/engine-harness';
import { locationOf, sendRaw, type RawRequest } from '../../support/raw-http';
import { authorizationUrl, SimulatorAdmin } from '../../support/simulator-admin';
import { simulatorEnvironment } from '../../support/simulator-environment';

/**
 * The loopback listener and the connect flow behind it, fed what a hostile page, a confused
 * browser or another program on this computer could send: real sockets to the real listener,
 * a real simulator as Intuit (its call log says what reached the token endpoint), a real SQLite
 * file. Only the pending attempt's own (state, code) may ever be sent, and only once.
 */

interface Callback {
  readonly state: string;
  readonly code: string;
  readonly realmId: string;
}

let simulator: RunningSimulator;
let admin: SimulatorAdmin;
let engine: ConnectionEngine;
let secrets: SecretStore;
let home: string;
let port: number;
let redirectUri: string;

beforeAll(async () => {
  port = await freeLoopbackPort();
  redirectUri = `http://localhost:${port}/callback`;
  simulator = await startSimulator({ clients: { sandbox: { redirectUris: [redirectUri] } } });
  admin = new SimulatorAdmin(simulator.url);
  home = mkdtempSync(join(tmpdir(), 'realmkeeper-hostile-callbacks-'));
  secrets = createMemorySecretStore('hostile-callbacks');
  engine = await ConnectionEngine.open({
    secretStore: secrets,
    callbackLingerMs: 60_000,
    env: {
      REALMKEEPER_HOME: home,
      ...simulatorEnvironment(simulator, { sandbox: redirectUri, production: 'https://relay.example.com/realmkeeper/callback' }),
    },
  });
});

afterAll(async () => {
  await engine.close();
  await simulator.close();
  rmSync(home, { recursive: true, force: true });
});

async function realmIn(environment: 'sandbox' | 'production', index = 0): Promise<string> {
  const realmId = (await admin.companies(environment))[index]?.realmId;
  if (realmId === undefined) throw new Error(`the simulator has no ${environment} company ${index}`);
  return realmId;
}

/** Consents in the simulator as the bookkeeper would, and returns what Intuit redirects with. */
async function consent(url: string, realmId: string): Promise<Callback> {
  const { code, state } = await admin.connect({ authorizationUrl: url, realmId });
  if (state === null) throw new Error('the simulator redirected without a state');
  return { state, code, realmId };
}

async function startAttempt(environment: 'sandbox' | 'production', realmIndex = 0) {
  const started = await engine.connect({ environment });
  return { attemptId: started.attempt.attemptId, callback: await consent(started.authorizationUrl, await realmIn(environment, realmIndex)) };
}

async function codeExchanges(): Promise<number> {
  return (await admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code').length;
}

async function exchangesOf(code: string): Promise<number> {
  return (await admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code' && call.tokenHash === shortHash(code)).length;
}

function query(parameters: ReadonlyArray<readonly [string, string]>): string {
  return new URLSearchParams(parameters.map(([name, value]) => [name, value])).toString();
}

function ownHost(): string {
  return `localhost:${port}`;
}

function goodRequest(callback: Callback): RawRequest {
  const target = `/callback?${query([['code', callback.code], ['state', callback.state], ['realmId', callback.realmId]])}`;
  return { method: 'GET', target, headers: [['Host', ownHost()]] };
}

const significantNames = ['state', 'code', 'realmId', 'error', 'error_description'];
const noise = fc.array(fc.tuple(fc.string({ maxLength: 12 }).filter((name) => !significantNames.includes(name)), fc.string({ maxLength: 40 })), { maxLength: 3 });
const hugeValue = fc.integer({ min: 4_097, max: 20_000 }).map((length) => 'A'.repeat(length));
function foreignHost(): fc.Arbitrary<string> {
  const own = new Set([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  return fc.oneof(fc.domain(), fc.constantFrom('localhost', 'evil.example:80', '127.0.0.2', '0.0.0.0'), fc.integer({ min: 1, max: 65_535 }).map((other) => `localhost:${other}`)).filter((host) => !own.has(host));
}

/**
 * The pending attempt's own callback, spoiled in exactly one way that must stop it before Intuit:
 * the wrong method, door, Host or Origin, or a parameter repeated, emptied, oversized or wrong,
 * or paired with the state of an attempt that ended, of the other environment, or of another
 * installation. Noise parameters ride along.
 */
function spoiledCallback(callback: Callback, otherStates: readonly string[]): fc.Arbitrary<RawRequest> {
  const base = goodRequest(callback);
  const good: Array<[string, string]> = [['code', callback.code], ['state', callback.state], ['realmId', callback.realmId]];
  const withParameters = (parameters: Array<[string, string]>, extra: ReadonlyArray<readonly [string, string]>): RawRequest => ({ ...base, target: `/callback?${query([...parameters, ...extra])}` });
  const replace = (name: string, value: string) => good.map(([key, old]): [string, string] => [key, key === name ? value : old]);
  const spoilers: Array<fc.Arbitrary<(extra: ReadonlyArray<readonly [string, string]>) => RawRequest>> = [
    fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'get').map((method) => (extra) => ({ ...withParameters(good, extra), method })),
    foreignHost().map((host) => (extra) => ({ ...withParameters(good, extra), headers: [['Host', host]] })),
    fc.constant((extra) => ({ ...withParameters(good, extra), headers: [] })),
    fc.constant((extra) => ({ ...withParameters(good, extra), headers: [['Host', ownHost()], ['Host', 'evil.example']] })),
    fc.oneof(fc.domain().map((domain) => `https://${domain}`), fc.constantFrom('null', 'http://localhost:1', 'https://relay.example.com')).map(
      (origin) => (extra) => ({ ...withParameters(good, extra), headers: [['Host', ownHost()], ['Origin', origin]] }),
    ),
    fc.constantFrom('/', '/callback/', '/Callback', '/callbackx', '/%63allback', '/callback;x', '/realmkeeper/result/x').map(
      (path) => (extra) => ({ ...base, target: `${path}?${query([...good, ...extra])}` }),
    ),
    fc.tuple(fc.constantFrom('state', 'code', 'realmId'), fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }))).map(
      ([name, second]) => (extra) => withParameters([...good, [name, second === '' ? (good.find(([key]) => key === name)?.[1] ?? '') : second]], extra),
    ),
    fc.constantFrom('state', 'code').map((name) => (extra) => withParameters(replace(name, ''), extra)),
    fc.tuple(fc.constantFrom('state', 'code'), hugeValue).map(([name, value]) => (extra) => withParameters(replace(name, value), extra)),
    fc.string({ minLength: 1, maxLength: 40 }).filter((realm) => !/^[0-9]{1,32}$/.test(realm)).map((realm) => (extra) => withParameters(replace('realmId', realm), extra)),
    fc.constant((extra) => withParameters(good.filter(([key]) => key !== 'code'), extra)),
    fc.constantFrom(...otherStates).map((other) => (extra) => withParameters(replace('state', other), extra)),
  ];
  return fc.tuple(fc.oneof(...spoilers), noise).map(([spoil, extra]) => spoil(extra));
}

/** Anything at all, built from the parts a callback has and the secrets of attempts other than the pending one. */
function junkRequest(others: readonly Callback[]): fc.Arbitrary<RawRequest> {
  const knownValues = others.flatMap((other) => [other.state, other.code, other.realmId]);
  const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...knownValues) }, { weight: 3, arbitrary: fc.string({ maxLength: 60, unit: 'grapheme' }) }, { weight: 1, arbitrary: hugeValue });
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...significantNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
  const method = fc.oneof({ weight: 5, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constantFrom('POST', 'HEAD', 'OPTIONS', 'DELETE') });
  const host = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(ownHost(), `127.0.0.1:${port}`, `[::1]:${port}`) }, { weight: 1, arbitrary: foreignHost() });
  const path = fc.oneof({ weight: 5, arbitrary: fc.constant('/callback') }, { weight: 1, arbitrary: fc.webPath() });
  return fc.record({ method, host, path, parameters: fc.array(fc.tuple(name, value), { maxLength: 6 }) }).map((parts) => ({
    method: parts.method,
    target: `${parts.path.startsWith('/') ? parts.path : `/${parts.path}`}?${query(parts.parameters)}`,
    headers: [['Host', parts.host]],
  }));
}

describe('the loopback callback under hostile requests', () => {
  it('sends nothing to Intuit for any request but the pending attempt’s own callback, and still takes that one afterwards', async () => {
    const pending = await startAttempt('sandbox');
    const cancelled = await startAttempt('sandbox');
    engine.cancelAttempt(cancelled.attemptId);
    const finished = await startAttempt('sandbox', 1);
    expect((await sendRaw(port, goodRequest(finished.callback))).status).toBe(302);
    expect((await engine.waitForAttempt(finished.attemptId)).state.step).toBe('connected');
    // A fresh code Intuit would issue for the finished attempt's state, had the page been submitted twice.
    const finishedAgain = await consent(
      authorizationUrl(simulator.url, { clientId: simulator.clients.sandbox.clientId, redirectUri, state: finished.callback.state }),
      finished.callback.realmId,
    );
    const production = await startAttempt('production');
    const foreign = await consent(authorizationUrl(simulator.url, { clientId: simulator.clients.sandbox.clientId, redirectUri, state: 'issued-by-another-installation' }), pending.callback.realmId);
    const others = [cancelled.callback, finishedAgain, production.callback, foreign];
    const exchangesBefore = await codeExchanges();

    await fc.assert(
      fc.asyncProperty(fc.oneof(spoiledCallback(pending.callback, others.map((other) => other.state)), junkRequest(others)), async (request) => {
        const answer = await sendRaw(port, request);
        expect(answer.status).not.toBe(500);
        expect(await codeExchanges()).toBe(exchangesBefore);
        expect(engine.flow.get(pending.attemptId)?.state.step).toBe('waiting_for_browser');
        expect(engine.flow.get(production.attemptId)?.state.step).toBe('waiting_for_browser');
      }),
      // Each run leaves its mark on the listener's state: report the request that failed, unshrunk.
      { numRuns: 150, endOnFailure: true },
    );

    const answer = await sendRaw(port, goodRequest(pending.callback));
    expect(answer.status).toBe(302);
    expect(locationOf(answer)).toMatch(/^\/realmkeeper\/result\//);
    expect((await engine.waitForAttempt(pending.attemptId)).state).toMatchObject({ step: 'connected' });
    expect(await exchangesOf(pending.callback.code)).toBe(1);
    expect(await codeExchanges()).toBe(exchangesBefore + 1);
    engine.cancelAttempt(production.attemptId);
  });

  it('exchanges a code at most once however often, and however concurrently, its callback is replayed, spoiled copies racing it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 3 }), fc.nat({ max: 2 }), fc.nat({ max: 6 }), fc.integer(), async (concurrent, later, realmIndex, spoiled, seed) => {
        const attempt = await startAttempt('sandbox', realmIndex);
        const copies = fc.sample(spoiledCallback(attempt.callback, ['issued-by-another-installation']), { numRuns: spoiled, seed });
        const [answers] = await Promise.all([
          Promise.all(Array.from({ length: concurrent }, () => sendRaw(port, goodRequest(attempt.callback)))),
          Promise.all(copies.map((copy) => sendRaw(port, copy))),
        ]);
        for (let replay = 0; replay < later; replay += 1) answers.push(await sendRaw(port, goodRequest(attempt.callback)));
        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 302));
        expect((await engine.waitForAttempt(attempt.attemptId)).state).toMatchObject({ step: 'connected' });
        expect(await exchangesOf(attempt.callback.code)).toBe(1);
        expect(await secrets.get(`company:sandbox-${attempt.callback.realmId}`)).not.toBeNull();
      }),
      { numRuns: 6 },
    );
  });
});
