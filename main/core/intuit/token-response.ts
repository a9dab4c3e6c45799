import { z } from 'zod';

/** Intuit's success body (INTUIT.md §3); unknown fields are ignored, missing ones are a broken answer. */
const successBody = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer', 'token_type must be bearer'),
  expires_in: z.number().int().positive(),
  x_refresh_token_expires_in: z.number().int().positive(),
  x_refresh_token_hard_expires_in: z.number().int().positive().optional(),
  id_token: z.string().min(1).optional(),
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
      readonly retryAfterSeconds: number | undefined;
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
  if (status === 429) return transient('throttled', false, raw, 'Intuit asked to slow down (429)');
  if (status >= 500) return transient('server_error', true, raw, `Intuit answered ${status}`);
  const error = errorBody.safeParse(body);
  if (status >= 400 && error.success) {
    return { kind: 'rejected', error: error.data.error, description: error.data.error_description, status, intuitTid };
  }
  return transient('malformed_response', true, { status, intuitTid, retryAfterSeconds, bodyText: '' }, `Unexpected answer ${status}`);
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
    retryAfterSeconds: raw.retryAfterSeconds,
    detail,
  };
}
