import type { ApiResult, AppEvent, Channel } from '../../../preload/contract/api-contract';
import { apiMethods, browserShellProtocol, type ApiMethod, type RealmkeeperApi } from '../../../preload/contract/bridge';
import { openEventStream } from './event-stream';

export interface HttpApiOptions {
  readonly origin: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly onConnectionChange?: (connected: boolean) => void;
}

function failure(code: string, message: string): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}

function isApiResult(value: unknown): value is ApiResult<Channel> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  return candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null;
}

/** The same API the Electron preload exposes, over the browser shell's HTTP protocol. */
export function createHttpApi(options: HttpApiOptions): RealmkeeperApi {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const headers = { [browserShellProtocol.tokenHeader]: options.token };

  async function call(channel: Channel, request: unknown): Promise<ApiResult<Channel>> {
    let response: Response;
    try {
      response = await doFetch(`${options.origin}${browserShellProtocol.apiPrefix}${channel}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch {
      return failure('app_unreachable', 'Realmkeeper is not answering. Check that it is still running, then try again.');
    }
    if (response.status === 401 || response.status === 403) {
      return failure('not_authorized', 'This page is no longer signed in to Realmkeeper. Open the address Realmkeeper printed when it started.');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure('bad_answer', `Realmkeeper gave an unreadable answer (${response.status}).`);
    }
    if (!isApiResult(body)) return failure('bad_answer', `Realmkeeper gave an unexpected answer (${response.status}).`);
    return body;
  }

  const listeners = new Set<(event: AppEvent) => void>();
  let stop: (() => void) | null = null;

  const methods = Object.fromEntries(
    (Object.keys(apiMethods) as ApiMethod[]).map((method) => [method, (request: unknown) => call(apiMethods[method], request)]),
  ) as Omit<RealmkeeperApi, 'onEvent' | 'shell'>;

  return {
    ...methods,
    shell: 'browser',
    onEvent(listener) {
      listeners.add(listener);
      if (stop === null) {
        stop = openEventStream({
          url: `${options.origin}${browserShellProtocol.eventsPath}`,
          headers,
          fetch: doFetch,
          onConnectionChange: options.onConnectionChange,
          onEvent: (event) => {
            for (const each of listeners) each(event);
          },
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stop !== null) {
          stop();
          stop = null;
        }
      };
    },
  };
}
