import { setTimeout as sleep } from 'node:timers/promises';
import type { Cause } from '../diagnosis/causes';
import { diagnoseRefreshRejection } from '../diagnosis/diagnose-refresh-rejection';
import type { Fetch } from '../intuit/send-token-request';
import { readCompanyHealth } from '../storage/company-health';
import { listCompanies, type Company } from '../storage/company-repository';
import { secretFingerprint } from '../storage/hash-secret';
import { otherRefusalsSince, recordRefusal, refusedSince } from '../storage/intuit-refusals';
import { listRefreshJournal } from '../storage/refresh-journal';
import type { SqliteDatabase } from '../storage/sqlite';
import type { RefreshEndpoint, RefreshNeed, RefreshOnceResult } from './refresh-once';
import type { RefreshResult, RetryReason } from './refresh-result';
import type { TokenSet } from './token-set';

type Rejected = Extract<RefreshOnceResult, { kind: 'rejected' }>;
type Attempted = RefreshOnceResult | { readonly kind: 'keychain_error'; readonly detail: string } | { readonly kind: 'database_error'; readonly detail: string };

/** What the confirmation needs from the keeper that runs it. */
export interface ConfirmContext {
  readonly database: SqliteDatabase;
  readonly now: () => number;
  readonly confirmDelayMs: number;
  readonly outageToleranceMs: number;
  readonly outageWindowMs: number;
  readonly requestTimeoutMs: number;
  readonly fetch?: Fetch;
  /** Intuit's Disconnect URL named this company: see RefreshOptions. */
  readonly disconnectNoticed: boolean;
  attempt(company: Company, need: RefreshNeed, leaseOwner?: string): Promise<Attempted>;
  newOwner(): string;
  settle(company: Company, result: Attempted): RefreshResult;
  retryLater(company: Company, reason: RetryReason, detail: string): RefreshResult;
  flag(company: Company, cause: Cause, options?: { readonly recheckAfterOutage: boolean }): RefreshResult;
  suspectOutage(company: Company, othersRefused: readonly string[]): RefreshResult;
}

/** Good for this long at least, or the access token is not asked about. */
const accessProbeMarginMs = 60_000;

/**
 * Intuit's `invalid_grant` is not proof (during outages it refuses good tokens), and it never
 * says why. In order, each step only when the one before could not decide:
 * 1. the engine's own records (the token's horizon passed, other keys) explain it at once;
 * 2. the access token, while it lasts, tells a revoked connection (QuickBooks refuses it too)
 *    from a refresh token refused alone;
 * 3. the same token once more after a pause — never a token whose earlier answer was lost, since
 *    Intuit may have replaced it, and never one that Intuit already replaced (none is kept);
 * 4. Intuit's Disconnect URL naming the company: its notice and the refusal agree, so it is
 *    revoked (checked again once Intuit answers for anyone, since a notice can be forged);
 * 5. the evidence every process shares: other companies of the environment refused lately, or a
 *    healthy one refused when probed, mean an outage; none left to ask proves nothing either.
 */
export async function confirmRefusal(context: ConfirmContext, company: Company, endpoint: RefreshEndpoint, first: Rejected): Promise<RefreshResult> {
  const { database, now } = context;
  const refusedAt = now();
  const cause = diagnose(context, company, endpoint, first);
  if (explainedByOwnRecords(cause)) return context.flag(company, cause);

  const access = await askWithAccessToken(context, company, endpoint, first.tokenSet);
  if (access === 'revoked') return context.flag(company, cause === 'answer_lost' ? 'revoked' : cause);
  if (access === 'alive') {
    // The connection stands and only its refresh token is refused: replaced by a refresh whose
    // answer was lost, or (records silent) by another program — or Intuit's outage, the more
    // likely when other companies were refused too.
    if (cause === 'answer_lost') return context.flag(company, 'answer_lost');
    recordRefusal(database, company.environment, company.id, now());
    const others = otherRefusalsSince(database, company.environment, company.id, now() - context.outageWindowMs);
    return waitOrFlag(
      context,
      company,
      'stale_refresh_token',
      others.length > 0 ? { kind: 'outage', othersRefused: others } : { kind: 'unconfirmed', detail: 'Intuit refused the refresh although the connection itself still works' },
    );
  }
  if (cause === 'answer_lost') return context.flag(company, cause);

  await sleep(context.confirmDelayMs);
  const retry = await context.attempt(company, { kind: 'force', observedGeneration: first.tokenSet.generation, minimumValidityMs: 0 });
  if (retry.kind !== 'rejected' || retry.outcome.error !== 'invalid_grant') return context.settle(company, retry);

  recordRefusal(database, company.environment, company.id, now());
  if (context.disconnectNoticed) return context.flag(company, 'revoked', { recheckAfterOutage: true });
  const others = otherRefusalsSince(database, company.environment, company.id, now() - context.outageWindowMs);
  if (others.length > 0) return waitOrFlag(context, company, cause, { kind: 'outage', othersRefused: others });
  const probe = await probeHealthyCompany(context, company, refusedAt);
  switch (probe) {
    case 'accepted':
      return context.flag(company, cause);
    case 'refused':
      return waitOrFlag(context, company, cause, { kind: 'outage', othersRefused: [] });
    case 'inconclusive':
      // One company alone, or every other one backing off: not proof of anything yet.
      return waitOrFlag(context, company, cause, {
        kind: 'unconfirmed',
        detail: 'Intuit refused this connection, and no other company could confirm yet whether Intuit is answering normally',
      });
  }
}

type Evidence =
  | { readonly kind: 'outage'; readonly othersRefused: readonly string[] }
  | { readonly kind: 'unconfirmed'; readonly detail: string };

function diagnose(context: ConfirmContext, company: Company, endpoint: RefreshEndpoint, first: Rejected): Cause {
  return diagnoseRefreshRejection({
    now: context.now(),
    tokenSet: first.tokenSet,
    connectedWithClient: company.clientIdFingerprint,
    currentClient: secretFingerprint(endpoint.credentials.clientId),
    sentHash: first.sentHash,
    journal: listRefreshJournal(context.database, company.id, 20),
  });
}

/**
 * Within the outage tolerance (counted from Intuit's first refusal of this company, which every
 * process records; not from an earlier failure of another kind), keep retrying; past it, flag —
 * and check again once Intuit answers for anyone.
 */
function waitOrFlag(context: ConfirmContext, company: Company, cause: Cause, evidence: Evidence): RefreshResult {
  const now = context.now();
  const since = refusedSince(context.database, company.environment, company.id) ?? now;
  if (now - since >= context.outageToleranceMs) return context.flag(company, cause, { recheckAfterOutage: true });
  switch (evidence.kind) {
    case 'outage':
      return context.suspectOutage(company, evidence.othersRefused);
    case 'unconfirmed':
      return context.retryLater(company, 'outage', evidence.detail);
  }
}

async function askWithAccessToken(context: ConfirmContext, company: Company, endpoint: RefreshEndpoint, tokenSet: TokenSet): Promise<'alive' | 'revoked' | 'unknown'> {
  if (endpoint.apiBaseUrl === undefined || tokenSet.accessToken === '' || tokenSet.accessExpiresAt - context.now() < accessProbeMarginMs) return 'unknown';
  // Loaded only when a refusal is being confirmed (its answer's schema is zod's), not by every token handed out.
  const { fetchCompanyInfo } = await import('../intuit/company-info');
  const answer = await fetchCompanyInfo({
    apiBaseUrl: endpoint.apiBaseUrl,
    realmId: company.realmId,
    accessToken: tokenSet.accessToken,
    fetch: context.fetch,
    timeoutMs: context.requestTimeoutMs,
  });
  switch (answer.kind) {
    case 'ok':
      return 'alive';
    case 'unauthorized':
      // Expired by Intuit's clock: this computer's clock is behind, and the token proves nothing.
      return answer.expired ? 'unknown' : 'revoked';
    case 'forbidden':
    case 'wrong_environment':
    case 'throttled':
    case 'unavailable':
      return 'unknown';
  }
}

/**
 * Refreshes one healthy company of the same environment: does Intuit answer for others? Only an
 * answer given since `refusedAt` says so. A set that is already fresh was issued by a refresh that
 * may predate the outage (the database's copy of a company can lag its keychain entry after a
 * crash, so the probe finds a newer set than it listed, and sends nothing): it counts only if it
 * was issued after the refusal being confirmed.
 */
async function probeHealthyCompany(context: ConfirmContext, company: Company, refusedAt: number): Promise<'accepted' | 'refused' | 'inconclusive'> {
  const { database, now } = context;
  const probe = listCompanies(database)
    .filter((candidate) => candidate.id !== company.id && candidate.environment === company.environment && candidate.status === 'connected')
    .filter((candidate) => readCompanyHealth(database, candidate.id)?.retryReason == null)
    // Only a token that should work says anything about Intuit when refused.
    .filter((candidate) => candidate.refreshExpiresAt === null || candidate.refreshExpiresAt > now())
    .sort((left, right) => (right.lastRefreshAt ?? 0) - (left.lastRefreshAt ?? 0))[0];
  if (probe === undefined) return 'inconclusive';
  // Its own lease owner: the lease serializes the probe with a refresh of that company already
  // under way here, and a refresh that just succeeded there is the answer.
  const result = await context.attempt(probe, { kind: 'force', observedGeneration: probe.tokenGeneration, minimumValidityMs: 0 }, context.newOwner());
  if (result.kind === 'rejected' && result.outcome.error === 'invalid_grant') {
    recordRefusal(database, probe.environment, probe.id, now());
    return 'refused';
  }
  if (result.kind === 'refreshed' || result.kind === 'already_fresh') {
    context.settle(probe, result);
    return result.kind === 'refreshed' || (result.tokenSet.issuedAt ?? 0) >= refusedAt ? 'accepted' : 'inconclusive';
  }
  return 'inconclusive';
}

/** Causes read from the engine's own records and clock, which an outage cannot produce. */
function explainedByOwnRecords(cause: Cause): boolean {
  return cause === 'expired_refresh_token' || cause === 'hard_cap_expired' || cause === 'wrong_environment';
}
