import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The browser shell's checks, in the order they run. `Host` defeats DNS rebinding (a page on
 * evil.example resolving to 127.0.0.1 still sends its own name); `Origin` and `Sec-Fetch-Site`
 * refuse calls from other sites; the per-run token (from the URL fragment, sent back in a header
 * no other origin can set without a CORS preflight we never answer) proves the caller was handed
 * the printed URL.
 */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Exactly one Host: Node keeps only the first of several, so a second one would go unseen (RFC 9112 says refuse). */
export function isAllowedHost(request: IncomingMessage, port: number): boolean {
  const hosts = request.rawHeaders.filter((name, index) => index % 2 === 0 && name.toLowerCase() === 'host');
  const host = request.headers.host;
  return hosts.length === 1 && host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/** Same origin only. No Origin at all is a non-browser client (curl, tests): the token decides. */
export function isAllowedOrigin(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`)) return false;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

export function hasToken(request: IncomingMessage, header: string, token: string): boolean {
  const presented = request.headers[header];
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
