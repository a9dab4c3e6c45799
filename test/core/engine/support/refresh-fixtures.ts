import type { ConnectionEngine } from '../../../../main/core/engine/connection-engine';
import type { CompanyView } from '../../../../main/core/engine/company-view';
import type { Fetch } from '../../../../main/core/intuit/send-token-request';
import type { SecretStore } from '../../../../main/core/keychain/secret-store';
import { listRefreshJournal, type RefreshJournalEntry } from '../../../../main/core/storage/refresh-journal';
import type { EngineHarness } from '../../../support/engine-harness';
import { freeLoopbackPort } from '../../../support/engine-harness';

/** The simulator's three sandbox companies (its defaults). */
export const sandboxCompanyNames = ["Larry's Bakery", "Amy's Bird Sanctuary", 'Sandbox Company_US_1'] as const;

export const dayMs = 86_400_000;

/** Connects one company the way the bookkeeper does: browser consent, loopback redirect. */
export async function connectCompany(harness: EngineHarness, engine: ConnectionEngine, companyName: string): Promise<CompanyView> {
  const started = await engine.connect({ environment: 'sandbox' });
  const realmId = await harness.realmOf(companyName);
  await harness.deliver(await harness.consent(started.authorizationUrl, realmId));
  const attempt = await engine.waitForAttempt(started.attempt.attemptId);
  if (attempt.state.step !== 'connected') throw new Error(`${companyName} did not connect: ${attempt.state.step}`);
  return companyView(engine, realmId);
}

export async function connectCompanies(harness: EngineHarness, engine: ConnectionEngine, names: readonly string[]): Promise<CompanyView[]> {
  const views: CompanyView[] = [];
  for (const name of names) views.push(await connectCompany(harness, engine, name));
  return views;
}

export function companyView(engine: ConnectionEngine, realmIdOrId: string): CompanyView {
  const view = engine.companies().find((company) => company.realmId === realmIdOrId || company.id === realmIdOrId);
  if (view === undefined) throw new Error(`No company ${realmIdOrId}`);
  return view;
}

export function journalOf(engine: ConnectionEngine, companyId: string): RefreshJournalEntry[] {
  return listRefreshJournal(engine.database, companyId, 1_000);
}

/** A SecretStore that counts reads of company token sets, over the real keychain store. */
export function countingSecretStore(inner: SecretStore): SecretStore & { tokenReads: () => number } {
  let reads = 0;
  return {
    service: inner.service,
    get(account) {
      if (account.startsWith('company:')) reads += 1;
      return inner.get(account);
    },
    set: (account, secret) => inner.set(account, secret),
    delete: (account) => inner.delete(account),
    list: () => inner.list(),
    tokenReads: () => reads,
  };
}

export interface TokenRecorder {
  readonly fetch: Fetch;
  /** Every access, refresh and id token Intuit issued, and every code sent. */
  readonly secrets: Set<string>;
  /** Token-endpoint requests in flight right now, and the most there ever were at once. */
  inFlight(): number;
  maximumInFlight(): number;
  /** While offline, requests go to a closed loopback port and fail as a real network error does. */
  setOffline(offline: boolean): void;
}

/**
 * Wraps the engine's fetch: records every secret that crosses the wire (for the leak scans),
 * counts concurrent token requests, and can take the machine "offline" for real.
 */
export async function tokenRecorder(): Promise<TokenRecorder> {
  const secrets = new Set<string>();
  const deadPort = await freeLoopbackPort();
  let offline = false;
  let inFlight = 0;
  let maximum = 0;
  const recordingFetch: Fetch = async (input, init) => {
    let url = input instanceof Request ? input.url : input.toString();
    if (offline) url = url.replace(/^http:\/\/[^/]+/, `http://127.0.0.1:${deadPort}`);
    const isToken = url.includes('/oauth2/v1/tokens/bearer');
    const body = typeof init?.body === 'string' ? init.body : '';
    const code = new URLSearchParams(body).get('code');
    if (code !== null) secrets.add(code);
    if (isToken) inFlight += 1;
    maximum = Math.max(maximum, inFlight);
    try {
      const response = await fetch(url, init);
      if (isToken && response.ok) {
        const json = (await response.clone().json()) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token']) {
          const value = json[key];
          if (typeof value === 'string') secrets.add(value);
        }
      }
      return response;
    } finally {
      if (isToken) inFlight -= 1;
    }
  };
  return {
    fetch: recordingFetch,
    secrets,
    inFlight: () => inFlight,
    maximumInFlight: () => maximum,
    setOffline: (value) => {
      offline = value;
    },
  };
}
