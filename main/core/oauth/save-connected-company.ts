import { fetchCompanyInfo } from '../intuit/company-info';
import type { Fetch } from '../intuit/send-token-request';
import type { IssuedTokens } from '../intuit/token-response';
import type { PendingAuthorization } from '../storage/authorization-ledger';
import { insertCompany, recordCompanyTokenTimes, renameCompany, type Company, type CompanyTokenTimes } from '../storage/company-repository';
import { appendEvent } from '../storage/event-log';
import type { SqliteDatabase } from '../storage/sqlite';
import type { FinalAttemptState } from './connect-attempt';

export interface ConnectedCompanyInput {
  readonly companyId: string;
  readonly realmId: string;
  readonly authorization: PendingAuthorization;
  /** The row as it was before this connect, when the company was known. */
  readonly existing: Company | undefined;
  readonly tokens: IssuedTokens;
  readonly times: CompanyTokenTimes;
  readonly apiBaseUrl: string;
  readonly now: number;
}

/**
 * The tokens are in the keychain: names the company from QuickBooks (its own name is the one
 * the bookkeeper knows), then records it. A CompanyInfo that fails only costs the name.
 */
export async function saveConnectedCompany(
  database: SqliteDatabase,
  input: ConnectedCompanyInput,
  http: { readonly fetch: Fetch | undefined; readonly timeoutMs: number },
): Promise<FinalAttemptState> {
  const { companyId, realmId, authorization, existing, now } = input;
  const info = await fetchCompanyInfo({
    apiBaseUrl: input.apiBaseUrl,
    realmId,
    accessToken: input.tokens.accessToken,
    fetch: http.fetch,
    timeoutMs: http.timeoutMs,
  });
  const name = info.kind === 'ok' ? info.companyName : (existing?.name ?? `Company ${realmId}`);
  const recovered = existing !== undefined && existing.status !== 'connected';
  if (existing === undefined) {
    insertCompany(database, { id: companyId, realmId, environment: authorization.environment, name, clientIdFingerprint: authorization.clientIdFingerprint }, now);
  } else if (existing.name !== name) {
    renameCompany(database, companyId, name, now);
  }
  recordCompanyTokenTimes(database, companyId, input.times, now);
  appendEvent(database, {
    at: now,
    companyId,
    kind: recovered ? 'company_recovered' : existing === undefined ? 'company_connected' : 'company_reconnected',
    outcome: 'connected',
    message: recovered ? `${name} is connected again` : `${name} is connected`,
  });
  return { step: 'connected', companyId, companyName: name, recovered };
}
