import type { DiscoveryDocument } from './discovery-document';
import { discoveryDocumentSchema } from './discovery-document';
import { DiscoveryError } from './discovery-error';
import { missingCase } from '../config/describe-source';
import { describeLimit, fetchBounded, type Fetch } from '../system/bounded-fetch';

export type FetchFunction = Fetch;

export interface FetchDiscoveryOptions {
  fetch?: FetchFunction;
  /** Awake time for the whole exchange, body included (see awake-deadline.ts). */
  timeoutMs?: number;
}

export const defaultDiscoveryTimeoutMs = 10_000;

/** Intuit's document is about 2 KB; anything this large is not one. */
const maximumDocumentBytes = 1024 * 1024;

/** Fetches and validates a discovery document, without caching. */
export async function fetchDiscovery(url: string, options: FetchDiscoveryOptions = {}): Promise<DiscoveryDocument> {
  const timeoutMs = options.timeoutMs ?? defaultDiscoveryTimeoutMs;
  const answer = await fetchBounded(
    url,
    { headers: { accept: 'application/json' } },
    { ...(options.fetch === undefined ? {} : { fetch: options.fetch }), timeoutMs, maxBodyBytes: maximumDocumentBytes },
  );
  switch (answer.kind) {
    case 'no_answer':
    case 'cut_off':
      throw unreachableError(url, answer.timedOut, timeoutMs, answer.error);
    case 'too_large':
      throw malformedError(url, `the answer is larger than ${describeLimit(answer.limitBytes)}, too large to be a discovery document`);
    case 'answered':
      break;
    default:
      return missingCase(answer);
  }
  if (answer.status < 200 || answer.status > 299) {
    throw new DiscoveryError(
      'discovery_http_error',
      `Intuit's sign-in settings could not be loaded: ${url} answered HTTP ${answer.status}. ` +
        'Try again in a few minutes; if it keeps happening, check the discovery URL in Settings.',
      { url, status: answer.status },
    );
  }
  return parseDiscoveryBody(url, answer.body);
}

function unreachableError(url: string, timedOut: boolean, timeoutMs: number, cause: unknown): DiscoveryError {
  if (timedOut) {
    return new DiscoveryError(
      'discovery_unreachable',
      `Intuit's sign-in settings could not be loaded: ${url} did not answer within ${formatSeconds(timeoutMs)}. ` +
        'Check the internet connection, then try again.',
      { url, reason: 'timeout', cause },
    );
  }
  return new DiscoveryError(
    'discovery_unreachable',
    `Intuit's sign-in settings could not be loaded: ${url} could not be reached (${describeNetworkError(cause)}). ` +
      'Check the internet connection and the discovery URL in Settings.',
    { url, reason: 'network', cause },
  );
}

function parseDiscoveryBody(url: string, body: string): DiscoveryDocument {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw malformedError(url, 'the answer is not JSON');
  }
  const parsed = discoveryDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? undefined : issue.path.join('.');
    const problem = issue === undefined ? 'it is not valid' : describeIssue(issue.message, field, json);
    throw malformedError(url, problem, field);
  }
  return parsed.data;
}

function describeIssue(message: string, field: string | undefined, json: unknown): string {
  if (field === undefined) {
    return `the answer is not a JSON object (${message})`;
  }
  const present = typeof json === 'object' && json !== null && field in json;
  return present ? `field "${field}" ${message}` : `field "${field}" is missing`;
}

function malformedError(url: string, problem: string, field?: string): DiscoveryError {
  return new DiscoveryError(
    'discovery_malformed',
    `${url} did not return a valid OpenID discovery document: ${problem}. Check the discovery URL in Settings.`,
    field === undefined ? { url } : { url, field },
  );
}

function describeNetworkError(error: unknown): string {
  // undici wraps the system error (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? code : cause.message;
  }
  return String(cause);
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
