import type { IncomingMessage, ServerResponse } from 'node:http';

export const maximumBodyBytes = 64 * 1024;
/** Beyond this the sender is not worth listening to: answer and hang up. */
const abandonBodyBytes = 4 * 1024 * 1024;

export type BodyResult = { readonly kind: 'complete'; readonly body: Buffer } | { readonly kind: 'too_large' } | { readonly kind: 'aborted' };

/**
 * Reads the whole body, but keeps only the first `limit` bytes: the rest is drained so that the
 * client sees our answer rather than a reset connection.
 */
export function readBody(request: IncomingMessage, limit: number = maximumBodyBytes): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    function settle(result: BodyResult): void {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    }
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) {
        chunks.push(chunk);
      } else if (received > abandonBodyBytes) {
        request.pause();
        settle({ kind: 'too_large' });
      }
    });
    request.on('end', () => settle(received > limit ? { kind: 'too_large' } : { kind: 'complete', body: Buffer.concat(chunks) }));
    request.on('error', () => settle({ kind: 'aborted' }));
    request.on('close', () => settle({ kind: 'aborted' }));
  });
}

/** The media type without parameters, lowercased: `application/json;charset=utf-8` → `application/json`. */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) {
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) {
    return;
  }
  response.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  sendText(response, status, 'text/html;charset=utf-8', html, { 'cache-control': 'no-store' });
}

export function sendEmpty(response: ServerResponse, status: number): void {
  if (response.headersSent || response.destroyed) {
    return;
  }
  response.writeHead(status, { 'content-length': '0' });
  response.end();
}

export function sendRedirect(response: ServerResponse, location: string): void {
  if (response.headersSent || response.destroyed) {
    return;
  }
  response.writeHead(302, { location, 'content-length': '0', 'cache-control': 'no-store' });
  response.end();
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A parameter that appears more than once is as bad as a missing one (RFC 6749 §3.1). */
export function singleParameter(parameters: URLSearchParams, name: string): string | null {
  const values = parameters.getAll(name);
  return values.length === 1 ? (values[0] ?? null) : null;
}

export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, milliseconds);
  });
}

/**
 * Waits the injected latency, then sends the answer unless the client hung up meanwhile. Resolves
 * whether the answer was handed to the client's connection. Intuit applies a request before it
 * answers, so callers apply and record first and only then come here.
 */
export async function answerAfterLatency(latencyMs: number, response: ServerResponse, send: () => void): Promise<boolean> {
  let hungUp = response.destroyed;
  const closed = new Promise<void>((resolve) => {
    response.once('close', () => {
      hungUp = !response.writableFinished;
      resolve();
    });
  });
  if (latencyMs > 0 && !hungUp) {
    await Promise.race([delay(latencyMs), closed]);
  }
  if (hungUp || response.destroyed || response.socket === null || response.socket.destroyed) {
    return false;
  }
  send();
  if (!response.writableFinished) {
    await Promise.race([once(response, 'finish'), closed]);
  }
  return response.writableFinished;
}

function once(emitter: ServerResponse, event: 'finish'): Promise<void> {
  return new Promise((resolve) => {
    emitter.once(event, () => resolve());
  });
}

export function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}
