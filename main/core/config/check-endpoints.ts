import type { DiscoveryDocument } from '../discovery/discovery-document';
import { DiscoveryError } from '../discovery/discovery-error';
import type { FetchFunction } from '../discovery/fetch-discovery';
import { fetchDiscovery } from '../discovery/fetch-discovery';
import type { EnvironmentConfig } from './resolve-config';

export interface CheckEndpointsOptions {
  fetch?: FetchFunction;
  /** For each of the two requests. */
  timeoutMs?: number;
}

export type TokenEndpointCheck =
  | { url: string; answers: true; status: number }
  | { url: string; answers: false; reason: 'timeout' | 'network'; message: string };

export type EndpointCheck =
  | { discovery: { ok: true; document: DiscoveryDocument }; tokenEndpoint: TokenEndpointCheck }
  | { discovery: { ok: false; error: DiscoveryError }; tokenEndpoint: undefined };

export const defaultEndpointCheckTimeoutMs = 10_000;

/**
 * Fetches discovery afresh and asks whether the token endpoint's host answers at all. Any HTTP
 * status counts as an answer (a GET on a token endpoint is refused, which is fine); only no
 * connection, no name or no answer in time count as down. Sends no credentials.
 */
export async function checkEndpoints(
  config: EnvironmentConfig,
  options: CheckEndpointsOptions = {},
): Promise<EndpointCheck> {
  const timeoutMs = options.timeoutMs ?? defaultEndpointCheckTimeoutMs;
  const fetchFunction = options.fetch ?? globalThis.fetch;
  let document: DiscoveryDocument;
  try {
    document = await fetchDiscovery(config.discoveryUrl.value, { fetch: fetchFunction, timeoutMs });
  } catch (error) {
    if (error instanceof DiscoveryError) {
      return { discovery: { ok: false, error }, tokenEndpoint: undefined };
    }
    throw error;
  }
  return {
    discovery: { ok: true, document },
    tokenEndpoint: await probe(document.tokenEndpoint, fetchFunction, timeoutMs),
  };
}

async function probe(url: string, fetchFunction: FetchFunction, timeoutMs: number): Promise<TokenEndpointCheck> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchFunction(url, { method: 'GET', redirect: 'manual', signal: controller.signal });
    await response.body?.cancel().catch(() => undefined);
    return { url, answers: true, status: response.status };
  } catch (error) {
    const host = hostOf(url);
    if (timedOut) {
      return {
        url,
        answers: false,
        reason: 'timeout',
        message: `Intuit's token server (${host}) did not answer within ${timeoutMs / 1000} seconds. Check the internet connection.`,
      };
    }
    return {
      url,
      answers: false,
      reason: 'network',
      message: `Intuit's token server (${host}) could not be reached (${networkErrorCode(error)}). Check the internet connection, a firewall or a proxy.`,
    };
  } finally {
    clearTimeout(timer);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function networkErrorCode(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    return code;
  }
  return cause instanceof Error ? cause.message : String(cause);
}
