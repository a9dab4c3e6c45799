import fc from 'fast-check';
import type { BrowserWindow, IpcMain } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channels, parseRequest, type ApiResult, type Channel } from '../../preload/contract/api-contract';
import { browserShellProtocol } from '../../preload/contract/bridge';
import { silentLogger } from '../../main/app/app-logger';
import { AppService } from '../../main/app/app-service';
import type { ConnectionEngine } from '../../main/core/engine/connection-engine';
import { wireIpc } from '../../main/electron/ipc-wiring';
import { protocolUrlPath, startWebServer, type RunningWebServer } from '../../main/web/web-server';
import { asWindow, FakeBrowserWindow } from '../electron/fake-electron';
import { sendRaw } from '../support/raw-http';
import { wellFormedRequests, wrongPayload, type WrongPayload } from '../support/wrong-payloads';

/**
 * Every IPC channel and every browser-shell endpoint, fed payloads of the wrong shape: each is
 * refused before the core is reached, with an error that names the field at fault. The real
 * app service and the real HTTP server; the core is a double that records every use of it.
 */

/** Everything the service touched on the engine (and the shell's openExternal) after it opened. */
const coreCalls: string[] = [];

function recordingEngine(): ConnectionEngine {
  const engine = new Proxy(
    {},
    {
      get(_target, property) {
        if (property === 'then') return undefined;
        if (property === 'subscribe') return () => () => undefined;
        coreCalls.push(String(property));
        return () => {
          throw new Error(`the core was called: ${String(property)}`);
        };
      },
    },
  );
  return engine as ConnectionEngine;
}

let service: AppService;

beforeAll(async () => {
  service = await AppService.open({
    openEngine: async () => recordingEngine(),
    env: {},
    demo: false,
    now: () => 1_800_000_000_000,
    logger: silentLogger,
    externalLinks: { extraOrigins: [] },
    openExternal: async (url) => {
      coreCalls.push(`openExternal ${url}`);
      return true;
    },
    opensConsentPage: false,
  });
  coreCalls.length = 0;
});

beforeEach(() => {
  coreCalls.length = 0;
});

/** A refusal names the field (a key that should not be there counts), in a message of bounded length. */
function expectRefusalNaming(result: ApiResult<Channel>, channel: Channel, wrong: WrongPayload): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('invalid_request');
  expect(result.error.message).toContain(`The ${channel} request is malformed at ${wrong.field.slice(0, 40)}`);
  expect(result.error.message.length).toBeLessThan(400);
  expect(coreCalls).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

it('has a well-formed example for every channel, and the service takes each as well-formed', () => {
  expect(Object.keys(wellFormedRequests).sort()).toEqual([...channels].sort());
  for (const channel of channels) expect(parseRequest(channel, wellFormedRequests[channel]).ok).toBe(true);
});

describe('over IPC', () => {
  type Handler = (event: unknown, payload: unknown) => Promise<ApiResult<Channel>>;
  const handlers = new Map<string, Handler>();
  const window = new FakeBrowserWindow({});
  const own = { sender: window.webContents, senderFrame: window.webContents.mainFrame };

  beforeAll(() => {
    const ipcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler), removeHandler: (channel: string) => handlers.delete(channel) };
    wireIpc(ipcMain as unknown as IpcMain, service, () => asWindow(window) as BrowserWindow, silentLogger);
  });

  it('registers exactly the contract’s channels', () => {
    expect([...handlers.keys()].sort()).toEqual([...channels].sort());
  });

  for (const channel of channels) {
    it(`refuses a ${channel} payload of the wrong shape before the core, naming the field`, async () => {
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`no IPC handler for ${channel}`);
      await fc.assert(
        fc.asyncProperty(wrongPayload(channel, { json: false, maxHuge: 200_000 }), async (wrong) => {
          expectRefusalNaming(await handler(own, wrong.payload), channel, wrong);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('over the browser shell’s HTTP API', () => {
  let server: RunningWebServer;
  let rendererDirectory: string;

  beforeAll(async () => {
    rendererDirectory = mkdtempSync(join(tmpdir(), 'realmkeeper-hostile-renderer-'));
    writeFileSync(join(rendererDirectory, 'index.html'), '<!doctype html><title>Realmkeeper</title>');
    server = await startWebServer({ api: service, rendererDirectory, port: 0, logger: silentLogger });
  });

  afterAll(async () => {
    await server.close();
    rmSync(rendererDirectory, { recursive: true, force: true });
  });

  function post(path: string, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', [browserShellProtocol.tokenHeader]: server.token };
      const call = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      call.on('error', reject);
      call.end(body);
    });
  }

  for (const channel of channels) {
    it(`refuses a ${channel} body of the wrong shape with 400 before the core, naming the field`, async () => {
      await fc.assert(
        fc.asyncProperty(wrongPayload(channel, { json: true, maxHuge: 50_000 }), async (wrong) => {
          const answer = await post(`${browserShellProtocol.apiPrefix}${channel}`, JSON.stringify(wrong.payload));
          expect(answer.status).toBe(400);
          expectRefusalNaming(JSON.parse(answer.body) as ApiResult<Channel>, channel, wrong);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('refuses a protocol-URL body of the wrong shape with 400 before the core, naming the field', async () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    const wrongBody = fc.oneof(
      json.filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((body) => ({ body, field: 'request' })),
      json.filter((value) => typeof value !== 'string').map((url) => ({ body: { url }, field: 'url' })),
      fc.constant({ body: {}, field: 'url' }),
      fc
        .tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.string({ minLength: 1, maxLength: 12 })).filter((key) => key !== 'url'), json)
        .map(([key, value]) => ({ body: JSON.parse(`{"url":"realmkeeper://open",${JSON.stringify(key)}:${JSON.stringify(value)}}`) as unknown, field: key })),
    );
    await fc.assert(
      fc.asyncProperty(wrongBody, async ({ body, field }) => {
        const answer = await post(protocolUrlPath, JSON.stringify(body));
        expect(answer.status).toBe(400);
        const message = expect.stringContaining(`The protocol-url request is malformed at ${field}`);
        expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid_request', message } });
        expect(coreCalls).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('answers any request line with less than a 500, and reaches the core only with its own Host, Origin and token', async () => {
    const own = `127.0.0.1:${server.port}`;
    const target = fc.oneof(
      fc.constantFrom(...channels, 'protocol-url', 'events', 'nothing').map((name) => `${browserShellProtocol.apiPrefix}${name}`),
      fc.webPath().map((path) => (path.startsWith('/') ? path : `/${path}`)),
      fc.constantFrom('//', '//evil.example/api/companies:list', '*', 'http://evil.example/', '/%2e%2e/%2e%2e/etc/passwd', '/api/../api/companies:list'),
    );
    const headers = fc.record({
      host: fc.oneof<fc.Arbitrary<readonly string[]>[]>(fc.constant([own]), fc.constant([own, 'evil.example']), fc.constant([]), fc.domain().map((domain) => [domain]), fc.constant([`localhost:${server.port + 1}`])),
      origin: fc.oneof(fc.constant(undefined), fc.constant(`http://${own}`), fc.constant('null'), fc.domain().map((domain) => `https://${domain}`)),
      token: fc.oneof(fc.constant(undefined), fc.constant(''), fc.string({ maxLength: 50 }), fc.constant(`${server.token}x`), fc.constant(server.token)),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'), target, headers, async (method, path, parts) => {
        const lines: Array<[string, string]> = parts.host.map((host): [string, string] => ['Host', host]);
        if (parts.origin !== undefined) lines.push(['Origin', parts.origin]);
        if (parts.token !== undefined) lines.push([browserShellProtocol.tokenHeader, parts.token]);
        lines.push(['Content-Type', 'application/json'], ['Content-Length', '2']);
        const answer = await sendRaw(server.port, { method, target: path, headers: lines, body: '{}' });
        if (answer.status !== undefined) expect(answer.status).toBeLessThan(500);
        const trusted = parts.host.length === 1 && parts.host[0] === own && (parts.origin === undefined || parts.origin === `http://${own}`) && parts.token === server.token;
        if (!trusted) expect(coreCalls).toEqual([]);
        coreCalls.length = 0;
      }),
      { numRuns: 120 },
    );
    // The one case above that a run may miss: everything right but a second Host.
    const twoHosts = await sendRaw(server.port, {
      method: 'POST',
      target: `${browserShellProtocol.apiPrefix}companies:list`,
      headers: [['Host', own], ['Host', 'evil.example'], [browserShellProtocol.tokenHeader, server.token], ['Content-Type', 'application/json'], ['Content-Length', '2']],
      body: '{}',
    });
    expect(twoHosts.status).toBe(421);
    expect(coreCalls).toEqual([]);
  });

  it('refuses a body over the size limit with 413 before the core', async () => {
    const answer = await post(`${browserShellProtocol.apiPrefix}companies:refresh`, JSON.stringify({ companyId: 'x'.repeat(70_000) }));
    expect(answer.status).toBe(413);
    expect(coreCalls).toEqual([]);
  });
});
