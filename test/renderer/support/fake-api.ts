import type { ApiResult, AppEvent, CompanySummary, RequestOf } from '../../../preload/contract/api-contract';
import { apiMethods, type ApiMethod, type RealmkeeperApi } from '../../../preload/contract/bridge';

type Handler = (request: unknown) => unknown;

/** A RealmkeeperApi whose answers the test sets per method; every call is recorded. */
export class FakeApi {
  readonly calls: Array<{ method: ApiMethod; request: unknown }> = [];
  private readonly handlers = new Map<ApiMethod, Handler>();
  private readonly listeners = new Set<(event: AppEvent) => void>();

  answer<M extends ApiMethod>(method: M, handler: (request: RequestOf<(typeof apiMethods)[M]>) => ApiResult<(typeof apiMethods)[M]>): this {
    this.handlers.set(method, handler as Handler);
    return this;
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  callsOf(method: ApiMethod): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.request);
  }

  api(shell: 'electron' | 'browser' = 'electron'): RealmkeeperApi {
    const methods = Object.fromEntries(
      (Object.keys(apiMethods) as ApiMethod[]).map((method) => [
        method,
        async (request: unknown) => {
          this.calls.push({ method, request });
          const handler = this.handlers.get(method);
          if (handler === undefined) return { ok: false, error: { code: 'not_faked', message: `${method} is not faked` } };
          return handler(request);
        },
      ]),
    );
    return {
      ...(methods as Omit<RealmkeeperApi, 'onEvent' | 'shell'>),
      shell,
      onEvent: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
  }
}

const day = 86_400_000;

export function company(overrides: Partial<CompanySummary> & { readonly id: string; readonly name: string }, now = Date.now()): CompanySummary {
  return {
    realmId: `93414${overrides.id.replace(/\D/g, '').padStart(11, '0')}`,
    environment: 'sandbox',
    status: 'connected',
    cause: null,
    causeSummary: null,
    fix: null,
    retryReason: null,
    retryAt: null,
    lastRefreshAt: now - 2 * 3_600_000,
    lastCheckedAt: now - 2 * 3_600_000,
    lastSuccessAt: now - 2 * 3_600_000,
    lastFailureAt: null,
    accessExpiresAt: now + 3_600_000,
    refreshExpiresAt: now + 100 * day,
    refreshHardExpiresAt: now + 5 * 365 * day,
    refreshing: false,
    fixer: null,
    ...overrides,
  };
}

/** 300 companies with a realistic mix: mostly connected, some retrying, a few broken. */
export function manyCompanies(count: number, now = Date.now()): CompanySummary[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `c${index}`;
    const name = `Client ${String(index).padStart(3, '0')} Bookkeeping LLC`;
    if (index % 50 === 7) {
      return company({ id, name, status: 'needs_reconnect', cause: 'revoked', causeSummary: 'Someone disconnected Realmkeeper from this company in QuickBooks.', fix: 'Reconnect the company.' }, now);
    }
    if (index % 40 === 3) return company({ id, name, status: 'retrying', retryReason: 'outage', retryAt: now + 600_000 }, now);
    return company({ id, name, environment: index % 3 === 0 ? 'production' : 'sandbox', refreshExpiresAt: now + ((index % 90) + 10) * day }, now);
  });
}
