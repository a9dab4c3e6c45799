import { startAwakeDeadline } from './awake-deadline';

export type Fetch = typeof globalThis.fetch;

/**
 * How an HTTP exchange ended, read within a byte cap and an awake-time deadline. Only `answered`
 * carries a body; the others say how far the exchange got, which decides whether the server may
 * have acted on the request.
 */
export type BoundedAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly headers: Headers; readonly body: string }
  /** The (decoded) body passed the cap; reading stopped there and the connection was dropped. */
  | { readonly kind: 'too_large'; readonly status: number; readonly headers: Headers; readonly limitBytes: number }
  /** The status line arrived, the body did not finish. */
  | { readonly kind: 'cut_off'; readonly status: number; readonly headers: Headers; readonly timedOut: boolean; readonly error: unknown }
  /** Nothing came back. */
  | { readonly kind: 'no_answer'; readonly timedOut: boolean; readonly error: unknown };

export interface BoundedFetchOptions {
  readonly fetch?: Fetch;
  /** Awake time for the whole exchange; see awake-deadline.ts. */
  readonly timeoutMs: number;
  /** Cap on the decoded body: a gzip answer is counted after it is inflated. */
  readonly maxBodyBytes: number;
  /** Watchdog tick, for tests; see AwakeDeadlineOptions. */
  readonly tickMs?: number;
}

/**
 * Once the headers are in, the body gets at least this much more awake time (or the whole budget,
 * if shorter), so a deadline that falls while an answer is arriving does not throw it away. A body
 * that trickles still ends: the extension is granted once.
 */
const bodyGraceMs = 5_000;

export const kibibyte = 1024;

export async function fetchBounded(url: string, init: Omit<RequestInit, 'signal'>, options: BoundedFetchOptions): Promise<BoundedAnswer> {
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const deadline = startAwakeDeadline(options.timeoutMs, options.tickMs === undefined ? {} : { tickMs: options.tickMs });
  try {
    let response: Response;
    try {
      response = await fetchFunction(url, { ...init, signal: deadline.signal });
    } catch (error) {
      return { kind: 'no_answer', timedOut: deadline.signal.aborted, error };
    }
    deadline.allowAtLeast(Math.min(options.timeoutMs, bodyGraceMs));
    const { status, headers } = response;
    try {
      const body = await readCapped(response, options.maxBodyBytes);
      if (body === null) return { kind: 'too_large', status, headers, limitBytes: options.maxBodyBytes };
      return { kind: 'answered', status, headers, body };
    } catch (error) {
      return { kind: 'cut_off', status, headers, timedOut: deadline.signal.aborted, error };
    }
  } finally {
    deadline.clear();
  }
}

/** The body as UTF-8 text, or null once it passes `maxBytes` (the rest is never read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Cancelling drops the connection, which also stops an inflating gzip stream.
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function describeLimit(bytes: number): string {
  return bytes % (kibibyte * kibibyte) === 0 ? `${bytes / kibibyte / kibibyte} MiB` : `${Math.round(bytes / kibibyte)} KiB`;
}
