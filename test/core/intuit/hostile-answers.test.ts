import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCompanyInfo } from '../../../main/core/intuit/company-info';
import { revokeToken } from '../../../main/core/intuit/revoke-token';
import { maximumRetryAfterSeconds } from '../../../main/core/intuit/retry-after';
import { sendTokenRequest } from '../../../main/core/intuit/send-token-request';
import { buildRefreshRequest } from '../../../main/core/intuit/token-request';
import type { TokenOutcome } from '../../../main/core/intuit/token-response';
import { fetchDiscovery } from '../../../main/core/discovery/fetch-discovery';
import { DiscoveryError } from '../../../main/core/discovery/discovery-error';

/**
 * What a hostile or broken server (or anything between it and us) can send back, over real HTTP:
 * answers that never end, inflate to gigabytes, trickle, ask us to wait for years, or carry
 * tokens no token can be. Each must end in a bounded time and memory, as an outcome that says why.
 */

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let origin: string;
let handler: Handler = (_request, response) => response.end();

const credentials = { clientId: 'hostile-client', clientSecret: 'hostile-secret' };
const goodBody = {
  expires_in: 3600,
  token_type: 'bearer',
  x_refresh_token_expires_in: 8_726_400,
  refresh_token: 'RT1-12-H0-1700000000abcdefghijklmnopqrstu',
  access_token: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..x.y.z',
};

function refresh(timeoutMs = 5_000): Promise<TokenOutcome> {
  return sendTokenRequest(buildRefreshRequest(`${origin}/oauth2/v1/tokens/bearer`, credentials, 'RT1-sent'), { timeoutMs });
}

function answerJson(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (request, response) => {
    request.resume();
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)), intuit_tid: 'tid-hostile', ...headers });
    response.end(text);
  };
}

/** Writes `chunk` until the client goes away (or `totalChunks` are out), honouring backpressure. */
function stream(status: number, headers: Record<string, string>, chunk: Buffer, totalChunks = Number.POSITIVE_INFINITY): Handler {
  return (request, response) => {
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', intuit_tid: 'tid-hostile', ...headers });
    let sent = 0;
    function pump(): void {
      while (sent < totalChunks && !response.destroyed) {
        sent += 1;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!response.destroyed) response.end();
    }
    pump();
  };
}

/** The largest resident size seen while `work` runs, above the size before it. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthBytes: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthBytes: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

const megabyte = 1024 * 1024;
/** 16 MiB of zeros gzips to about 16 KB; gzip members may follow one another in one body. */
const gzipMember = gzipSync(Buffer.alloc(16 * megabyte));

beforeAll(async () => {
  server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('token answers are read within a byte cap', () => {
  it('stops a gzip bomb at the cap, in bounded memory, as an answer Intuit may have acted on', async () => {
    // 32 members: about 0.5 MB on the wire, 512 MiB once inflated.
    handler = stream(200, { 'content-encoding': 'gzip' }, gzipMember, 32);
    const { result, growthBytes } = await peakGrowth(() => refresh());
    expect(result).toMatchObject({ kind: 'transient', reason: 'malformed_response', maybeApplied: true, status: 200, intuitTid: 'tid-hostile' });
    expect(result.kind === 'transient' ? result.detail : '').toContain('larger than 64 KiB');
    expect(growthBytes).toBeLessThan(100 * megabyte);
  });

  it('stops an endless plain answer at the cap', async () => {
    handler = stream(200, {}, Buffer.alloc(64 * 1024, 'a'));
    const { result, growthBytes } = await peakGrowth(() => refresh());
    expect(result).toMatchObject({ kind: 'transient', reason: 'malformed_response', maybeApplied: true, status: 200 });
    expect(growthBytes).toBeLessThan(100 * megabyte);
  });

  it('still reads throttling and server errors whose bodies are too large by their status', async () => {
    handler = stream(503, {}, Buffer.alloc(64 * 1024, 'a'));
    expect(await refresh()).toMatchObject({ kind: 'transient', reason: 'server_error', maybeApplied: true, status: 503 });
    handler = stream(429, { 'retry-after': '30' }, Buffer.alloc(64 * 1024, 'a'));
    expect(await refresh()).toMatchObject({ kind: 'transient', reason: 'throttled', maybeApplied: false, retryAfterSeconds: 30 });
  });

  it('ends an answer that trickles a byte at a time as a timeout', async () => {
    handler = (request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
      const drip = setInterval(() => response.write(' '), 20);
      response.once('close', () => clearInterval(drip));
    };
    expect(await refresh(1_000)).toMatchObject({ kind: 'transient', reason: 'timeout', maybeApplied: true, status: 200 });
  });

  it('bounds CompanyInfo, revocation and discovery answers too', async () => {
    handler = stream(200, { 'content-encoding': 'gzip' }, gzipMember, 32);
    const info = await peakGrowth(() => fetchCompanyInfo({ apiBaseUrl: origin, realmId: '9341453000000001', accessToken: 'access', timeoutMs: 5_000 }));
    expect(info.result).toMatchObject({ kind: 'unavailable', status: 200 });
    expect(info.result.kind === 'unavailable' ? info.result.detail : '').toContain('larger than 1 MiB');
    expect(info.growthBytes).toBeLessThan(100 * megabyte);

    const discovery = await peakGrowth(() => fetchDiscovery(`${origin}/.well-known/openid_sandbox_configuration`, { timeoutMs: 5_000 }).catch((error: unknown) => error));
    expect(discovery.result).toBeInstanceOf(DiscoveryError);
    expect(discovery.result).toMatchObject({ code: 'discovery_malformed' });
    expect(discovery.growthBytes).toBeLessThan(100 * megabyte);

    handler = stream(200, {}, Buffer.alloc(64 * 1024, 'a'));
    const revoked = await peakGrowth(() => revokeToken({ revocationEndpoint: `${origin}/v2/oauth2/tokens/revoke`, credentials, refreshToken: 'RT1-sent', timeoutMs: 5_000 }));
    expect(revoked.result).toEqual({ kind: 'revoked', intuitTid: 'tid-hostile' });
    expect(revoked.growthBytes).toBeLessThan(100 * megabyte);
  });
});

describe('Retry-After is obeyed within reason', () => {
  it('clamps a wait of centuries to an hour and keeps what was asked', async () => {
    handler = answerJson(429, { error: 'too_many_requests' }, { 'retry-after': '100000000000' });
    const outcome = await refresh();
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'throttled', retryAfterSeconds: maximumRetryAfterSeconds, requestedRetryAfterSeconds: 100_000_000_000 });
    expect(outcome.kind === 'transient' ? outcome.detail : '').toContain('it asked to wait 3,170 years, longer than Realmkeeper ever waits (1 hour)');
  });

  it('reads the HTTP-date form against the answer’s own Date', async () => {
    const answeredAt = Date.parse('2026-03-01T12:00:00Z');
    const date = new Date(answeredAt).toUTCString();
    handler = answerJson(503, { error: 'server_error' }, { date, 'retry-after': new Date(answeredAt + 2 * 3600 * 1000).toUTCString() });
    expect(await refresh()).toMatchObject({ kind: 'transient', reason: 'server_error', retryAfterSeconds: 3_600, requestedRetryAfterSeconds: 7_200 });
    handler = answerJson(503, { error: 'server_error' }, { date, 'retry-after': new Date(answeredAt + 30_000).toUTCString() });
    expect(await refresh()).toMatchObject({ kind: 'transient', reason: 'server_error', retryAfterSeconds: 30, requestedRetryAfterSeconds: 30 });
  });
});

describe('a 200 is issued only when its tokens can be tokens', () => {
  const unusable: [string, Record<string, unknown>][] = [
    ['a refresh token over 1,000 characters', { ...goodBody, refresh_token: `RT1-${'a'.repeat(997)}` }],
    ['an access token over 16,384 characters', { ...goodBody, access_token: 'a'.repeat(16_385) }],
    ['a line break in the refresh token', { ...goodBody, refresh_token: 'RT1-abc\r\nSet-Cookie: x=y' }],
    ['a control character in the access token', { ...goodBody, access_token: 'eyJ\u0000abc' }],
    ['a non-ASCII refresh token', { ...goodBody, refresh_token: 'RT1-café' }],
    ['an error beside the tokens', { ...goodBody, error: 'invalid_grant' }],
    ['an error alone', { error: 'invalid_grant', error_description: 'Token invalid' }],
  ];
  for (const [name, body] of unusable) {
    it(`treats ${name} as an unreadable answer Intuit may have acted on`, async () => {
      handler = answerJson(200, body);
      expect(await refresh()).toMatchObject({ kind: 'transient', reason: 'malformed_response', maybeApplied: true, status: 200 });
    });
  }

  it('issues tokens at the size limits', async () => {
    const body = { ...goodBody, refresh_token: `RT1-${'a'.repeat(996)}`, access_token: 'a'.repeat(16_384) };
    handler = answerJson(200, body);
    expect(await refresh()).toMatchObject({ kind: 'issued', tokens: { refreshToken: body.refresh_token, accessToken: body.access_token } });
  });
});
