import { fetchCompanyInfo, type CompanyInfoOutcome } from '../intuit/company-info';
import type { Fetch } from '../intuit/send-token-request';
import type { AccessTokenResult, RefreshResult } from '../tokens/refresh-result';

export type ConnectionTestResult =
  | { readonly kind: 'ok'; readonly companyName: string; readonly intuitTid: string | undefined }
  | { readonly kind: 'token_unavailable'; readonly result: Exclude<AccessTokenResult, { kind: 'token' }> }
  | { readonly kind: 'api_refused'; readonly outcome: Exclude<CompanyInfoOutcome, { kind: 'ok' }> };

export interface ConnectionTestDependencies {
  readonly getAccessToken: () => Promise<AccessTokenResult>;
  readonly forceRefresh: () => Promise<RefreshResult>;
  readonly apiBaseUrl: string;
  readonly realmId: string;
  readonly fetch?: Fetch;
  readonly timeoutMs: number;
}

/** Calls CompanyInfo with a valid access token; a 401 refreshes once and tries again. */
export async function testConnection(dependencies: ConnectionTestDependencies): Promise<ConnectionTestResult> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const token = await dependencies.getAccessToken();
    if (token.kind !== 'token') return { kind: 'token_unavailable', result: token };
    const outcome = await fetchCompanyInfo({
      apiBaseUrl: dependencies.apiBaseUrl,
      realmId: dependencies.realmId,
      accessToken: token.accessToken,
      fetch: dependencies.fetch,
      timeoutMs: dependencies.timeoutMs,
    });
    if (outcome.kind === 'ok') return { kind: 'ok', companyName: outcome.companyName, intuitTid: outcome.intuitTid };
    if (outcome.kind !== 'unauthorized' || attempt > 0) return { kind: 'api_refused', outcome };
    const refreshed = await dependencies.forceRefresh();
    if (refreshed.kind !== 'refreshed' && refreshed.kind !== 'already_fresh') return { kind: 'token_unavailable', result: refreshed };
  }
  throw new Error('unreachable: the loop returns on its second pass');
}
