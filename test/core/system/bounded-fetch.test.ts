import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchBounded } from '../../../main/core/system/bounded-fetch';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let origin: string;
let handler: Handler = (_request, response) => response.end();

beforeAll(async () => {
  server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchBounded', () => {
  it('leaves no watchdog behind, however the exchange ends', async () => {
    // Only the watchdog's interval is faked; the HTTP client's own timers stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const endings: [string, Handler][] = [
        ['answered', (_request, response) => response.end('{}')],
        ['too_large', (_request, response) => response.end(Buffer.alloc(2048))],
        ['cut_off', (_request, response) => {
          response.writeHead(200, { 'content-length': '100' });
          response.write('{"partial');
          setImmediate(() => response.destroy());
        }],
      ];
      for (const [kind, ending] of endings) {
        handler = ending;
        expect(await fetchBounded(origin, {}, { timeoutMs: 5_000, maxBodyBytes: 1024 })).toMatchObject({ kind });
        expect(vi.getTimerCount()).toBe(0);
      }
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      expect(await fetchBounded(`http://127.0.0.1:${port}`, {}, { timeoutMs: 5_000, maxBodyBytes: 1024 })).toMatchObject({ kind: 'no_answer', timedOut: false });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a body that has started arriving finish after the deadline would have fallen', async () => {
    handler = (_request, response) => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"access_token":');
        setTimeout(() => response.end('"late but whole"}'), 500);
      }, 700);
    };
    expect(await fetchBounded(origin, {}, { timeoutMs: 1_000, maxBodyBytes: 1024 })).toMatchObject({ kind: 'answered', body: '{"access_token":"late but whole"}' });
  });

  it('reports a deadline before the headers as a timeout with no answer', async () => {
    let answer: ServerResponse | undefined;
    handler = (_request, response) => {
      answer = response;
    };
    expect(await fetchBounded(origin, {}, { timeoutMs: 200, maxBodyBytes: 1024 })).toMatchObject({ kind: 'no_answer', timedOut: true });
    answer?.destroy();
  });
});
