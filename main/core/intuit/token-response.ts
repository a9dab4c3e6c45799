import { z } from 'zod';
import { clampRetryAfter, maximumRetryAfterSeconds } from './retry-after';

/**
 * Bounds on what a token may be. Intuit's refresh tokens are about 50 characters and its access
 * tokens under 2,000 (INTUIT.md §3); far larger values, or characters outside RFC 6749's VSCHAR
 * (printable ASCII), are not tokens and would break the headers and the storage they go to.
 */
export const maximumRefreshTokenCharacters = 1_000;
export const maximumAccessTokenCharacters = 16_384;
const printableAscii = /^[\x20-\x7e]+$/;

function token(maximum: number): z.ZodString {
  return z.string().min(1).max(maximum).regex(printableAscii, 'must be printable ASCII');
}

/** Intuit's success body (INTUIT.md §3); unknown fields are ignored, missing ones are a broken answer. */
const successBody = z.object({
  access_token: token(maximumAccessTokenCharacters),
  refresh_token: token(maximumRefreshTokenCharacters),
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer', 'token_type must be bearer'),
  expires_in: z.number().int().positive(),
  x_refresh_token_expires_in: z.number().int().positive(),
  x_refresh_token_hard_expires_in: z.number().int().positive().optional(),
  // Nothing uses the ID token yet: a bad one is dropped rather than costing the refresh token.
  id_token: token(maximumAccessTokenCharacters).optional().catch(undefined),
  /** A 200 that also names an error is not a success, whatever else it carries. */
  error: z.never({ error: 'a success answer must not carry an error' }).optional(),
});

const errorBody = z.object({
  error: z.string().min(1),
  error_description: z.string().optional(),
});

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly accessExpiresInSeconds: number;
  readonly refreshExpiresInSeconds: number;
  readonly refreshHardExpiresInSeconds: number | undefined;
  readonly idToken: string | undefined;
}

/** What came back over HTTP, before it is believed. */
export interface RawTokenResponse {
  readonly status: number;
  readonly intuitTid: string | undefined;
  /** What the answer's `Retry-After` asked for, unclamped (see retry-after.ts). */
  readonly retryAfterSeconds: number | undefined;
  readonly bodyText: string;
}

/**
 * Every way a token request can end. `maybeApplied` says whether Intuit may have acted on the
 * request even though no usable answer came back: such a code must never be sent again, and such
 * a refresh is known as "answer lost in transit" rather than guessed at.
 */
export type TokenOutcome =
  | { readonly kind: 'issued'; readonly tokens: IssuedTokens; readonly status: number; readonly intuitTid: string | undefined }
  | {
      readonly kind: 'rejected';
      readonly error: string;
      readonly description: string | undefined;
      readonly status: number;
      readonly intuitTid: string | undefined;
    }
  | {
      readonly kind: 'transient';
      readonly reason: 'unreachable' | 'throttled' | 'server_error' | 'timeout' | 'connection_lost' | 'malformed_response';
      readonly maybeApplied: boolean;
      readonly status: number | undefined;
      readonly intuitTid: string | undefined;
      /** The wait to honour: Intuit's `Retry-After`, clamped to maximumRetryAfterSeconds. */
      readonly retryAfterSeconds: number | undefined;
      /** What Intuit's `Retry-After` asked for, before the clamp, so callers can say both. */
      readonly requestedRetryAfterSeconds?: number | undefined;
      readonly detail: string;
    };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function interpretTokenResponse(raw: RawTokenResponse): TokenOutcome {
  const { status, intuitTid, retryAfterSeconds } = raw;
  const body = parseJson(raw.bodyText);
  if (status === 200) {
    const parsed = successBody.safeParse(body);
    if (parsed.success) {
      const value = parsed.data;
      return {
        kind: 'issued',
        status,
        intuitTid,
        tokens: {
          accessToken: value.access_token,
          refreshToken: value.refresh_token,
          accessExpiresInSeconds: value.expires_in,
          refreshExpiresInSeconds: value.x_refresh_token_expires_in,
          refreshHardExpiresInSeconds: value.x_refresh_token_hard_expires_in,
          idToken: value.id_token,
        },
      };
    }
    // Intuit acted (it said 200) but the answer cannot be used: the grant it consumed is gone.
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    return transient('malformed_response', true, raw, `The token answer could not be read (${field})`);
  }
  if (status === 429) return transient('throttled', false, raw, `Intuit asked to slow down (429)${waitSentence(retryAfterSeconds)}`);
  if (status >= 500) return transient('server_error', true, raw, `Intuit answered ${status}${waitSentence(retryAfterSeconds)}`);
  const error = errorBody.safeParse(body);
  if (status >= 400 && error.success) {
    return { kind: 'rejected', error: error.data.error, description: error.data.error_description, status, intuitTid };
  }
  return transient('malformed_response', true, { status, intuitTid, retryAfterSeconds, bodyText: '' }, `Unexpected answer ${status}`);
}

/** Intuit's answer was larger than any token answer can be; none of it was kept. */
export function tokenAnswerTooLarge(raw: Omit<RawTokenResponse, 'bodyText'>, limitDescription: string): TokenOutcome {
  // Throttling and server errors mean the same whatever their body says.
  if (raw.status === 429 || raw.status >= 500) return interpretTokenResponse({ ...raw, bodyText: '' });
  return transient('malformed_response', true, raw, `Intuit's answer (HTTP ${raw.status}) was larger than ${limitDescription}, so it was not read`);
}

function waitSentence(requestedSeconds: number | undefined): string {
  const clamped = clampRetryAfter(requestedSeconds);
  if (requestedSeconds === undefined || clamped === undefined || clamped === requestedSeconds) return '';
  // The caller says when the next try is; this says only why it is sooner than Intuit asked.
  return `; it asked to wait ${describeSeconds(requestedSeconds)}, longer than Realmkeeper ever waits (${describeSeconds(maximumRetryAfterSeconds)})`;
}

function describeSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  const units: readonly [number, string][] = [
    [365 * 24 * 3600, 'year'],
    [24 * 3600, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const count = Math.floor(seconds / size);
      return `${count.toLocaleString('en-US')} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

export function transient(
  reason: Extract<TokenOutcome, { kind: 'transient' }>['reason'],
  maybeApplied: boolean,
  raw: Partial<RawTokenResponse>,
  detail: string,
): TokenOutcome {
  return {
    kind: 'transient',
    reason,
    maybeApplied,
    status: raw.status,
    intuitTid: raw.intuitTid,
    retryAfterSeconds: clampRetryAfter(raw.retryAfterSeconds),
    requestedRetryAfterSeconds: raw.retryAfterSeconds,
    detail,
  };
}
