import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../preload/contract/api-contract';
import { browserShellProtocol } from '../../preload/contract/bridge';
import { silentLogger } from '../../main/app/app-logger';
import { startWebServer, type RunningWebServer, type WebApi } from '../../main/web/web-server';
import { startServiceHarness } from '../app/app-service-harness';

/** Raw HTTP, so Host and Origin can be anything (fetch forbids setting Host). */
function send(server: RunningWebServer, input: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: server.port, method: input.method ?? 'GET', path: input.path, headers: { host: `127.0.0.1:${server.port}`, ...input.headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end(input.body);
  });
}

function api(server: RunningWebServer, channel: string, body: string, headers: Record<string, string> = {}) {
  return send(server, { method: 'POST', path: `/api/${channel}`, body, headers: { 'content-type': 'application/json', [browserShellProtocol.tokenHeader]: server.token, ...headers } });
}

describe('the browser shell over HTTP, with a fake service', () => {
  const calls: Array<[unknown, unknown]> = [];
  const listeners = new Set<(event: AppEvent) => void>();
  const fakeApi: WebApi = {
    async call(channel, payload) {
      calls.push([channel, payload]);
      if (typeof payload === 'object' && payload !== null && 'bad' in payload) return { ok: false, error: { code: 'invalid_request', message: 'The request is malformed at bad' } };
      return { ok: true, value: { companies: [], readAt: 1 } };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  let server: RunningWebServer;
  let rendererDirectory: string;

  beforeAll(async () => {
    rendererDirectory = mkdtempSync(join(tmpdir(), 'realmkeeper-renderer-'));
    writeFileSync(join(rendererDirectory, 'index.html'), '<!doctype html><title>Realmkeeper</title>');
    server = await startWebServer({ api: fakeApi, rendererDirectory, port: 0, logger: silentLogger });
  });
  afterAll(async () => {
    await server.close();
    rmSync(rendererDirectory, { recursive: true, force: true });
  });
  afterEach(() => {
    calls.length = 0;
  });

  it('prints a loopback URL with the token in the fragment', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('serves the page with a strict CSP and security headers', async () => {
    const page = await send(server, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send(server, { path: '/../../etc/passwd' })).status).toBe(404);
    expect((await send(server, { path: '/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
  });

  it('requires the token on every API call', async () => {
    expect((await api(server, 'companies:list', '{}', { [browserShellProtocol.tokenHeader]: 'wrong' })).status).toBe(401);
    const missing = await send(server, { method: 'POST', path: '/api/companies:list', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(401);
    expect((await send(server, { path: '/api/events' })).status).toBe(401);
    expect(calls).toEqual([]);
    expect(await api(server, 'companies:list', '{}')).toMatchObject({ status: 200 });
    expect(calls).toEqual([['companies:list', {}]]);
  });

  it('refuses another Host (DNS rebinding) and another Origin', async () => {
    expect((await send(server, { path: '/', headers: { host: `evil.example:${server.port}` } })).status).toBe(421);
    expect((await api(server, 'companies:list', '{}', { host: 'evil.example' })).status).toBe(421);
    expect((await api(server, 'companies:list', '{}', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await api(server, 'companies:list', '{}', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await api(server, 'companies:list', '{}', { origin: `http://localhost:${server.port}` })).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('answers malformed requests with 400 and an ApiResult, unknown channels with 404, and keeps running', async () => {
    const notJson = await api(server, 'companies:list', '{nope');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await api(server, 'companies:list', '{"bad":1}')).status).toBe(400);
    expect((await api(server, 'shell:exec', '{}')).status).toBe(404);
    expect((await api(server, 'companies:list', 'x'.repeat(70_000))).status).toBe(413);
    expect((await api(server, 'companies:list', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send(server, { method: 'GET', path: '/api/companies:list', headers: { [browserShellProtocol.tokenHeader]: server.token } })).status).toBe(405);
    expect((await api(server, 'companies:list', '{}')).status).toBe(200);
  });

  it('streams events to a client holding the token', async () => {
    const response = await fetch(`${server.origin}${browserShellProtocol.eventsPath}`, { headers: { [browserShellProtocol.tokenHeader]: server.token } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    await reader.read();
    for (const listener of listeners) listener({ kind: 'focus_company', companyId: 'c1' });
    const chunk = await reader.read();
    expect(new TextDecoder().decode(chunk.value)).toBe(`data: ${JSON.stringify({ kind: 'focus_company', companyId: 'c1' })}\n\n`);
    await reader.cancel();
  });
});

describe('the browser shell over a real engine and simulator', () => {
  it('connects a company through the HTTP API and reports it on the event stream', async () => {
    const running = await startServiceHarness();
    const server = await startWebServer({ api: running.service, rendererDirectory: tmpdir(), port: 0, logger: silentLogger });
    try {
      const events = await fetch(`${server.origin}${browserShellProtocol.eventsPath}`, { headers: { [browserShellProtocol.tokenHeader]: server.token } });
      const reader = events.body?.getReader();
      if (reader === undefined) throw new Error('no event stream');
      const started = JSON.parse((await api(server, 'connect:start', JSON.stringify({ environment: 'sandbox' }))).body);
      expect(started).toMatchObject({ ok: true, value: { attempt: { state: { step: 'waiting_for_browser' } }, authorizationUrl: expect.any(String) } });
      const redirect = await running.harness.consent(started.value.authorizationUrl, await running.harness.realmOf("Larry's Bakery"));
      await running.harness.deliver(redirect);
      let received = '';
      while (!received.includes('"step":"connected"')) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error('the event stream ended');
        received += new TextDecoder().decode(chunk.value);
      }
      await reader.cancel();
      const list = JSON.parse((await api(server, 'companies:list', '{}')).body);
      expect(list.value.companies).toEqual([expect.objectContaining({ name: "Larry's Bakery", status: 'connected' })]);
      const malformed = await api(server, 'companies:refresh', JSON.stringify({ companyId: 42 }));
      expect(malformed.status).toBe(400);
      expect(JSON.parse(malformed.body).error.message).toContain('companyId');
    } finally {
      await server.close();
      await running.close();
    }
  });
});
