import { missingCase } from '../config/describe-source';
import { describeLimit, fetchBounded, kibibyte, type Fetch } from '../system/bounded-fetch';
import { parseRetryAfter } from './retry-after';
import type { TokenRequest } from './token-request';
import type * as TokenResponse from './token-response';
import type { TokenOutcome } from './token-response';

export type { Fetch } from '../system/bounded-fetch';

export interface SendOptions {
  readonly fetch?: Fetch;
  /**
   * Awake time allowed for the whole exchange (time the process spends frozen is not counted, so a
   * resumed process reads an answer that arrived while it slept). Shorter than a refresh lease.
   */
  readonly timeoutMs: number;
  /** Cap on the decoded answer; a token answer is about 2 KB. */
  readonly maxAnswerBytes?: number;
}

export const maximumTokenAnswerBytes = 64 * kibibyte;

/** Error codes that prove the request never left this machine, so Intuit cannot have acted on it. */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

type TokenAnswers = typeof TokenResponse;

export async function sendTokenRequest(request: TokenRequest, options: SendOptions): Promise<TokenOutcome> {
  // Loaded when a token request is sent (its answer's schema is zod's): handing out a stored
  // token, what `realmkeeper token` mostly does, never needs it (`npm run bench`).
  const answers: TokenAnswers = await import('./token-response');
  const { interpretTokenResponse, tokenAnswerTooLarge, transient } = answers;
  const maxBodyBytes = options.maxAnswerBytes ?? maximumTokenAnswerBytes;
  const answer = await fetchBounded(
    request.url,
    { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual' },
    { ...(options.fetch === undefined ? {} : { fetch: options.fetch }), timeoutMs: options.timeoutMs, maxBodyBytes },
  );
  switch (answer.kind) {
    case 'no_answer':
      return failedBeforeAnswer(answers, answer.timedOut, answer.error);
    case 'cut_off':
      // The status line arrived but the body did not: Intuit may well have acted.
      return transient(answer.timedOut ? 'timeout' : 'connection_lost', true, { status: answer.status, intuitTid: tidOf(answer.headers) }, 'The answer was cut off');
    case 'too_large':
      return tokenAnswerTooLarge(rawHead(answer.status, answer.headers), describeLimit(answer.limitBytes));
    case 'answered':
      return interpretTokenResponse({ ...rawHead(answer.status, answer.headers), bodyText: answer.body });
    default:
      return missingCase(answer);
  }
}

function tidOf(headers: Headers): string | undefined {
  return headers.get('intuit_tid') ?? undefined;
}

function rawHead(status: number, headers: Headers): { status: number; intuitTid: string | undefined; retryAfterSeconds: number | undefined } {
  return { status, intuitTid: tidOf(headers), retryAfterSeconds: parseRetryAfter(headers.get('retry-after'), headers.get('date'), Date.now()) };
}

function failedBeforeAnswer({ transient }: TokenAnswers, timedOut: boolean, error: unknown): TokenOutcome {
  if (timedOut) return transient('timeout', true, {}, 'Intuit did not answer in time');
  const code = causeCode(error);
  if (code !== undefined && neverSentCodes.has(code)) {
    return transient('unreachable', false, {}, `Intuit could not be reached (${code})`);
  }
  return transient('connection_lost', true, {}, `The connection to Intuit was lost${code === undefined ? '' : ` (${code})`}`);
}
