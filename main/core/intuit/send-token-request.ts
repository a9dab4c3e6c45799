import type { TokenRequest } from './token-request';
import { interpretTokenResponse, transient, type TokenOutcome } from './token-response';

export type Fetch = typeof globalThis.fetch;

export interface SendOptions {
  readonly fetch?: Fetch;
  /** Shorter than a refresh lease, so no request outlives the lease that guards it. */
  readonly timeoutMs: number;
}

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

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export async function sendTokenRequest(request: TokenRequest, options: SendOptions): Promise<TokenOutcome> {
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetchFunction(request.url, { method: 'POST', headers: request.headers, body: request.body, signal, redirect: 'manual' });
  } catch (error) {
    return failedBeforeAnswer(error);
  }
  const intuitTid = response.headers.get('intuit_tid') ?? undefined;
  const retryAfterSeconds = retryAfter(response.headers.get('retry-after'));
  let bodyText: string;
  try {
    bodyText = await response.text();
  } catch (error) {
    // The status line arrived but the body did not: Intuit may well have acted.
    return transient(isTimeout(error) ? 'timeout' : 'connection_lost', true, { status: response.status, intuitTid }, 'The answer was cut off');
  }
  return interpretTokenResponse({ status: response.status, intuitTid, retryAfterSeconds, bodyText });
}

function failedBeforeAnswer(error: unknown): TokenOutcome {
  if (isTimeout(error)) return transient('timeout', true, {}, 'Intuit did not answer in time');
  const code = causeCode(error);
  if (code !== undefined && neverSentCodes.has(code)) {
    return transient('unreachable', false, {}, `Intuit could not be reached (${code})`);
  }
  return transient('connection_lost', true, {}, `The connection to Intuit was lost${code === undefined ? '' : ` (${code})`}`);
}
