import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isChannel, type ApiResult, type AppEvent, type Channel } from '../../preload/contract/api-contract';
import { browserShellProtocol } from '../../preload/contract/bridge';
import type { AppLogger } from '../app/app-logger';
import { hasToken, isAllowedHost, isAllowedOrigin } from './request-guards';
import { apiHeaders, pageSecurityHeaders } from './response-headers';
import { readStaticFile } from './static-files';

/** What the browser shell serves: the app service's two entry points, nothing more. */
export interface WebApi {
  call(channel: unknown, payload: unknown): Promise<ApiResult<Channel>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** A `realmkeeper://` URL, as the Electron shell receives them from the system. */
  handleProtocolUrl?(url: string): Promise<void>;
}

/**
 * The browser shell's stand-in for the system's realmkeeper:// handler, which only the desktop
 * app has: `POST {"url":"realmkeeper://…"}` with the token, like every API call.
 */
export const protocolUrlPath = `${browserShellProtocol.apiPrefix}protocol-url`;

export interface WebServerOptions {
  readonly api: WebApi;
  /** The built renderer (dist/renderer). */
  readonly rendererDirectory: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logger: AppLogger;
  /** A fixed secret for tests; by default 32 random bytes per run. */
  readonly token?: string;
}

export interface RunningWebServer {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** What the shell prints and opens: the token rides in the fragment, which browsers never send. */
  readonly url: string;
  close(): Promise<void>;
}

const maximumBodyBytes = 64 * 1024;
const heartbeatIntervalMs = 15_000;

export function newWebToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The browser shell's HTTP server, bound to 127.0.0.1 only. */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? newWebToken();
  const streams = new Set<ServerResponse>();
  let port = 0;
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.error('The browser shell failed to answer a request', error);
      if (!response.headersSent) sendJson(response, 500, failure('internal_error', 'Something went wrong inside Realmkeeper.'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request, port)) {
      sendJson(response, 421, failure('wrong_host', 'Realmkeeper answers only on 127.0.0.1 and localhost.'));
      return;
    }
    const target = request.url ?? '';
    // Origin-form only: `//x` would otherwise be read as a host (and throw when empty), `*` or an absolute URL are not ours.
    if (!target.startsWith('/')) {
      sendJson(response, 400, failure('invalid_request', 'Realmkeeper serves paths only.'));
      return;
    }
    const path = new URL(`http://127.0.0.1${target}`).pathname;
    if (path.startsWith(browserShellProtocol.apiPrefix)) {
      await handleApi(request, response, path);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, failure('method_not_allowed', 'Pages are read with GET.'));
      return;
    }
    const file = await readStaticFile(options.rendererDirectory, path);
    if (file.kind === 'missing') {
      response.writeHead(404, { ...pageSecurityHeaders, 'content-type': 'text/plain; charset=utf-8' });
      response.end(path === '/' ? 'The window is not built: run `npm run build`.\n' : 'Not found.\n');
      return;
    }
    response.writeHead(200, { ...pageSecurityHeaders, 'content-type': file.contentType });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (!isAllowedOrigin(request, port)) {
      sendJson(response, 403, failure('wrong_origin', 'Only Realmkeeper’s own page may call it.'));
      return;
    }
    if (!hasToken(request, browserShellProtocol.tokenHeader, token)) {
      sendJson(response, 401, failure('unauthorized', 'Open Realmkeeper with the address it printed when it started.'));
      return;
    }
    if (path === browserShellProtocol.eventsPath) {
      if (request.method !== 'GET') {
        sendJson(response, 405, failure('method_not_allowed', 'Events are read with GET.'));
        return;
      }
      openEventStream(request, response);
      return;
    }
    if (request.method !== 'POST') {
      sendJson(response, 405, failure('method_not_allowed', 'API calls are POST requests.'));
      return;
    }
    if (path === protocolUrlPath) {
      await deliverProtocolUrl(request, response);
      return;
    }
    const channel = path.slice(browserShellProtocol.apiPrefix.length);
    if (!isChannel(channel)) {
      sendJson(response, 404, failure('unknown_channel', 'Realmkeeper has no such call.'));
      return;
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('application/json')) {
      sendJson(response, 415, failure('invalid_request', 'API calls carry JSON (content-type: application/json).'));
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      sendJson(response, 413, failure('invalid_request', 'The request is too large.'));
      return;
    }
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      sendJson(response, 400, failure('invalid_request', 'The request is not valid JSON.'));
      return;
    }
    const result = await options.api.call(channel, payload);
    sendJson(response, !result.ok && result.error.code === 'invalid_request' ? 400 : 200, result);
  }

  async function deliverProtocolUrl(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = readProtocolUrlBody(await readBody(request));
    if (!body.ok || options.api.handleProtocolUrl === undefined) {
      const field = body.ok ? 'request' : body.field;
      sendJson(response, 400, failure('invalid_request', `The protocol-url request is malformed at ${field}: send {"url": "realmkeeper://…"} and nothing else.`));
      return;
    }
    await options.api.handleProtocolUrl(body.url);
    sendJson(response, 200, { ok: true, value: {} });
  }

  function openEventStream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    // A comment first, so the client's fetch resolves at once and knows the stream is open.
    response.write(': connected\n\n');
    streams.add(response);
    const unsubscribe = options.api.onEvent((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatIntervalMs);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
    };
    request.once('close', stop);
    response.once('close', stop);
  }

  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    token,
    url: `${origin}/#${browserShellProtocol.tokenFragmentKey}=${token}`,
    close() {
      for (const stream of streams) stream.end();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function failure(code: string, message: string): ApiResult<Channel> {
  return { ok: false, error: { code, message } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, apiHeaders);
  response.end(JSON.stringify(body));
}

/** Exactly `{"url": "<text>"}`, like the contract's strict requests: anything else names the field at fault. */
function readProtocolUrlBody(body: string | undefined): { ok: true; url: string } | { ok: false; field: string } {
  let parsed: unknown;
  try {
    parsed = body === undefined ? undefined : JSON.parse(body);
  } catch {
    return { ok: false, field: 'request' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, field: 'request' };
  const extra = Object.keys(parsed).find((key) => key !== 'url');
  if (extra !== undefined) return { ok: false, field: extra.length > 60 ? `${extra.slice(0, 60)}…` : extra };
  const url: unknown = (parsed as { url?: unknown }).url;
  return typeof url === 'string' ? { ok: true, url } : { ok: false, field: 'url' };
}

/** The body as text, or undefined when it exceeds the limit (the rest is not read). */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maximumBodyBytes) {
        // Stop keeping the body, but drain it so the 413 can still be answered.
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}
