import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/app/memory-secret-store';
import { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import { createKeychainTokenVault } from '../../../main/core/keychain/keychain-token-vault';
import type { SecretStore } from '../../../main/core/keychain/secret-store';
import type { TokenVault } from '../../../main/core/tokens/token-vault';
import { freeLoopbackPort } from '../../support/engine-harness';

/**
 * Intuit's token endpoint played by a hostile server: every answer it can give to a code
 * exchange or a refresh, generated. Each must end as an outcome that says what happened, with
 * the keychain holding the complete set it held before (or the complete new one), SQLite's copy
 * agreeing with it, no token in the SQLite files, and memory bounded over the whole run.
 */

/** What the server answers, as data, so that a failing case prints and shrinks. */
type HostileAnswer =
  /** A success body with some fields replaced and some left out. */
  | { readonly kind: 'tokens'; readonly replaced: Record<string, unknown>; readonly missing: readonly string[] }
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'text'; readonly status: number; readonly text: string }
  | { readonly kind: 'oversized'; readonly bytes: number; readonly declared: boolean }
  | { readonly kind: 'gzip_bomb'; readonly members: number }
  | { readonly kind: 'drip' }
  | { readonly kind: 'reset_mid_body'; readonly afterBytes: number };

const megabyte = 1024 * 1024;
const gzipMember = gzipSync(Buffer.alloc(16 * megabyte));
const requestTimeoutMs = 700;

let issued = 0;
function freshTokens(): { access_token: string; refresh_token: string } {
  issued += 1;
  return { access_token: `eyJhostile.${issued}.${Math.random().toString(36).slice(2)}`, refresh_token: `RT1-hostile-${issued}-${Math.random().toString(36).slice(2)}` };
}

function goodBody(): Record<string, unknown> {
  return { ...freshTokens(), token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8_726_400 };
}

const requiredFields = ['access_token', 'refresh_token', 'token_type', 'expires_in', 'x_refresh_token_expires_in'] as const;
const wrongValue = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.string({ maxLength: 10 }), fc.array(fc.nat(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
/** Whether a generated value happens to be of the field's type after all (a string token, a positive whole lifetime). */
function fitsField(field: (typeof requiredFields)[number], value: unknown): boolean {
  if (field === 'expires_in' || field === 'x_refresh_token_expires_in') return typeof value === 'number' && Number.isInteger(value) && value > 0;
  return typeof value === 'string';
}
const badTokenText = fc.oneof(
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\r\n', '\n', '\r', '\u0000', '\t'), fc.string({ maxLength: 10 })).map(([head, control, tail]) => `RT1-${head}${control}${tail}`),
  fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((text) => /[^\x20-\x7e]/.test(text)).map((text) => `RT1-${text}`),
);

const cleanIssue: HostileAnswer = { kind: 'tokens', replaced: {}, missing: [] };

/** Each answer with the fields it spoils; `tokens` bodies get fresh token values when served. */
const hostileAnswer: fc.Arbitrary<HostileAnswer> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<HostileAnswer>(cleanIssue) },
  { weight: 2, arbitrary: fc.subarray([...requiredFields], { minLength: 1 }).map((missing): HostileAnswer => ({ kind: 'tokens', replaced: {}, missing })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...requiredFields), wrongValue).filter(([field, value]) => !fitsField(field, value)).map(([field, value]): HostileAnswer => ({ kind: 'tokens', replaced: { [field]: value }, missing: [] })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('access_token', 'refresh_token'), badTokenText).map(([field, value]): HostileAnswer => ({ kind: 'tokens', replaced: { [field]: value }, missing: [] })) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map((error): HostileAnswer => ({ kind: 'tokens', replaced: { error }, missing: [] })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(400, 401, 403), fc.constantFrom('invalid_grant', 'invalid_client', 'invalid_request', 'unsupported_grant_type')).map(([status, error]): HostileAnswer => ({ kind: 'json', status, body: { error } })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(200, 400, 401, 429, 500, 502, 503, 504), fc.json({ maxDepth: 2 })).map(([status, body]): HostileAnswer => ({ kind: 'json', status, body: JSON.parse(body) as unknown })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(200, 400, 500, 503), fc.string({ maxLength: 80, unit: 'binary' })).map(([status, text]): HostileAnswer => ({ kind: 'text', status, text })) },
  { weight: 1, arbitrary: fc.record({ bytes: fc.integer({ min: 65 * 1024, max: 2 * megabyte }), declared: fc.boolean() }).map((oversized): HostileAnswer => ({ kind: 'oversized', ...oversized })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 24 }).map((members): HostileAnswer => ({ kind: 'gzip_bomb', members })) },
  { weight: 1, arbitrary: fc.constant<HostileAnswer>({ kind: 'drip' }) },
  { weight: 1, arbitrary: fc.nat({ max: 60 }).map((afterBytes): HostileAnswer => ({ kind: 'reset_mid_body', afterBytes })) },
);

function tokensBody(answer: Extract<HostileAnswer, { kind: 'tokens' }>): Record<string, unknown> {
  const body = { ...goodBody(), ...answer.replaced };
  for (const field of answer.missing) delete body[field];
  return body;
}

function isCleanIssue(answer: HostileAnswer): boolean {
  return answer === cleanIssue;
}

/** The OAuth error of a readable refusal (a 4xx other than 429 with an error body), if the answer is one. */
function refusal(answer: HostileAnswer): string | undefined {
  if (answer.kind !== 'json' || answer.status < 400 || answer.status >= 500 || answer.status === 429) return undefined;
  const body = answer.body as { error?: unknown; error_description?: unknown } | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const readable = typeof body.error === 'string' && body.error !== '' && (body.error_description === undefined || typeof body.error_description === 'string');
  return readable ? (body.error as string) : undefined;
}

function isThrottled(answer: HostileAnswer): boolean {
  return (answer.kind === 'json' || answer.kind === 'text') && answer.status === 429;
}

/** Why an exchange failed, by the engine's own records: a refusal by its code, anything unreadable as "may have been applied". */
function expectedExchangeCause(answer: HostileAnswer): string {
  const error = refusal(answer);
  if (error !== undefined) return error === 'invalid_client' ? 'invalid_client' : 'code_rejected';
  return isThrottled(answer) ? 'intuit_unreachable' : 'exchange_outcome_unknown';
}

/** A refresh only ever waits and retries, except an invalid_grant, which is confirmed before it is believed. */
function expectedRefresh(answer: HostileAnswer): object {
  const error = refusal(answer);
  if (error === 'invalid_grant') return { kind: expect.stringMatching(/^(retrying|needs_reconnect)$/) };
  if (error === 'invalid_client') return { kind: 'retrying', reason: 'configuration' };
  return { kind: 'retrying', reason: isThrottled(answer) ? 'throttled' : 'intuit_error' };
}

/** Every token the server put on the wire, good or bad: none may reach SQLite. */
const tokensSent = new Set<string>();

function serve(answer: HostileAnswer, response: ServerResponse): void {
  const head = { 'content-type': 'application/json;charset=utf-8', intuit_tid: 'tid-hostile' };
  switch (answer.kind) {
    case 'tokens': {
      const body = tokensBody(answer);
      for (const field of ['access_token', 'refresh_token']) if (typeof body[field] === 'string') tokensSent.add(body[field]);
      response.writeHead(200, head).end(JSON.stringify(body));
      return;
    }
    case 'json':
      response.writeHead(answer.status, head).end(JSON.stringify(answer.body));
      return;
    case 'text':
      response.writeHead(answer.status, head).end(Buffer.from(answer.text, 'latin1'));
      return;
    case 'oversized': {
      const body = Buffer.alloc(answer.bytes, ' ');
      Buffer.from(JSON.stringify(goodBody())).copy(body);
      response.writeHead(200, answer.declared ? { ...head, 'content-length': String(body.length) } : head).end(body);
      return;
    }
    case 'gzip_bomb': {
      response.writeHead(200, { ...head, 'content-encoding': 'gzip' });
      for (let member = 0; member < answer.members && !response.destroyed; member += 1) response.write(gzipMember);
      response.end();
      return;
    }
    case 'drip': {
      response.writeHead(200, head);
      const drip = setInterval(() => response.write(' '), 25);
      response.once('close', () => clearInterval(drip));
      return;
    }
    case 'reset_mid_body': {
      const body = JSON.stringify(goodBody());
      response.writeHead(200, { ...head, 'content-length': String(body.length) });
      response.write(body.slice(0, answer.afterBytes), () => response.socket?.resetAndDestroy());
      return;
    }
  }
}

let server: Server;
let origin: string;
let tokenAnswer: HostileAnswer = cleanIssue;
let home: string;
let secrets: SecretStore;
let vault: TokenVault;
let engine: ConnectionEngine;
let realmCounter = 9_130_000_000_000;

function route(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  const path = new URL(request.url ?? '/', origin).pathname;
  if (path === '/discovery') {
    const endpoints = { authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/token`, revocation_endpoint: `${origin}/revoke`, userinfo_endpoint: `${origin}/userinfo`, jwks_uri: `${origin}/jwks` };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: origin, ...endpoints }));
    return;
  }
  if (path === '/token' && request.method === 'POST') return serve(tokenAnswer, response);
  // CompanyInfo and revocation: Intuit is having a bad day.
  response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"server_error"}');
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'realmkeeper-hostile-tokens-'));
  secrets = createMemorySecretStore('hostile-tokens');
  vault = createKeychainTokenVault(secrets);
  engine = await ConnectionEngine.open({
    secretStore: secrets,
    requestTimeoutMs,
    confirmDelayMs: 1,
    saveRetryDelaysMs: [1],
    env: {
      REALMKEEPER_HOME: home,
      REALMKEEPER_SANDBOX_DISCOVERY_URL: `${origin}/discovery`,
      REALMKEEPER_SANDBOX_API_URL: origin,
      REALMKEEPER_SANDBOX_CLIENT_ID: 'AB'.padEnd(50, 'h'),
      REALMKEEPER_SANDBOX_CLIENT_SECRET: 's'.padEnd(40, 'x'),
      REALMKEEPER_SANDBOX_REDIRECT_URI: `http://localhost:${await freeLoopbackPort()}/callback`,
    },
  });
});

afterAll(async () => {
  await engine.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(home, { recursive: true, force: true });
});

/** Starts a sign-in and brings Intuit's redirect back with a made-up code; the token endpoint answers `answer`. */
async function connectWith(answer: HostileAnswer) {
  tokenAnswer = answer;
  const started = await engine.connect({ environment: 'sandbox' });
  const state = new URL(started.authorizationUrl).searchParams.get('state') ?? '';
  realmCounter += 1;
  const realmId = String(realmCounter);
  await engine.flow.handleCallback(new URLSearchParams({ code: `AB11-code-${realmId}`, state, realmId }));
  return { attempt: await engine.waitForAttempt(started.attempt.attemptId), companyId: `sandbox-${realmId}` };
}

/** Every token set in the keychain reads whole, and SQLite's copy of its times agrees with it. */
async function expectWholeTokenSets(): Promise<void> {
  const companies = new Map(engine.companies().map((company) => [company.id, company]));
  for (const { account } of await secrets.list()) {
    if (!account.startsWith('company:') || account.includes('#')) continue;
    const companyId = account.slice('company:'.length);
    const set = await vault.read(companyId);
    expect(set?.refreshToken).toMatch(/^RT1-hostile-\d+-[0-9a-z]+$/);
    expect(set?.accessToken).toMatch(/^eyJhostile\.\d+\.[0-9a-z]+$/);
    expect(companies.get(companyId)?.accessExpiresAt).toBe(set?.accessExpiresAt);
  }
}

function expectNoTokenInSqlite(): void {
  const files = readdirSync(home, { recursive: true, encoding: 'utf8' }).filter((name) => /\.db(-wal)?$/.test(name));
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) {
    const bytes = readFileSync(join(home, name));
    for (const token of tokensSent) expect(bytes.includes(Buffer.from(token)), `${JSON.stringify(token)} in ${name}`).toBe(false);
  }
}

describe('the token client against a hostile token endpoint', () => {
  it('ends every exchange and refresh as a clear outcome, never saving half a token set, in bounded memory', async () => {
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('exchange', 'refresh'), hostileAnswer, async (phase, answer) => {
          if (phase === 'exchange') {
            const { attempt, companyId } = await connectWith(answer);
            if (isCleanIssue(answer)) {
              expect(attempt.state).toMatchObject({ step: 'connected', companyId });
            } else {
              expect(attempt.state).toMatchObject({ step: 'failed', cause: expectedExchangeCause(answer) });
              expect(await vault.read(companyId)).toBeUndefined();
              expect(engine.companies().some((company) => company.id === companyId)).toBe(false);
            }
          } else {
            const { attempt, companyId } = await connectWith(cleanIssue);
            expect(attempt.state.step).toBe('connected');
            const before = await vault.read(companyId);
            tokenAnswer = answer;
            const result = await engine.refresh(companyId, { force: true });
            const after = await vault.read(companyId);
            if (isCleanIssue(answer)) {
              expect(result.kind).toBe('refreshed');
              expect(after?.refreshToken).not.toBe(before?.refreshToken);
            } else {
              expect(result).toMatchObject(expectedRefresh(answer));
              expect(after).toEqual(before);
            }
          }
          await expectWholeTokenSets();
          expectNoTokenInSqlite();
        }),
        { numRuns: 40 },
      );
    } finally {
      clearInterval(sampler);
    }
    expect(rssPeak - rssBefore).toBeLessThan(200 * megabyte);
    // About 8 s on an idle machine (drips wait out their deadline); room for a busy one.
  }, 60_000);
});
