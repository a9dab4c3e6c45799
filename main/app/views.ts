import type { AttemptStep, AttemptView, CompanyFixer, CompanySummary, Environment, EventView } from '../../preload/contract/api-contract';
import { explainCause } from '../core/diagnosis/causes';
import type { CompanyView } from '../core/engine/company-view';
import type { AttemptSnapshot, AttemptState } from '../core/oauth/connect-attempt';
import type { StoredEvent } from '../core/storage/event-log';
import { missingCase } from './missing-case';

/** The engine's company view as the window sees it: no token, only times and words. */
export function toCompanySummary(view: CompanyView, refreshing: boolean, fixer: CompanyFixer | null = null): CompanySummary {
  return {
    id: view.id,
    name: view.name,
    realmId: view.realmId,
    environment: view.environment,
    status: view.status,
    cause: view.cause,
    causeSummary: view.causeSummary,
    fix: view.fix,
    retryReason: view.retryReason,
    retryAt: view.retryAt,
    lastRefreshAt: view.lastRefreshAt,
    lastCheckedAt: view.lastCheckedAt,
    lastSuccessAt: view.lastSuccessAt,
    lastFailureAt: view.lastFailureAt,
    accessExpiresAt: view.accessExpiresAt,
    refreshExpiresAt: view.refreshExpiresAt,
    refreshHardExpiresAt: view.refreshHardExpiresAt,
    refreshing,
    fixer,
  };
}

/** Finds a company already in the list by environment and realm (for a realm mismatch). */
export type KnownCompanyLookup = (environment: Environment, realmId: string) => { readonly id: string; readonly name: string } | undefined;

const noCompanies: KnownCompanyLookup = () => undefined;

export function toAttemptStep(state: AttemptState, environment: Environment = 'sandbox', lookup: KnownCompanyLookup = noCompanies): AttemptStep {
  switch (state.step) {
    case 'waiting_for_browser':
    case 'exchanging':
    case 'cancelled':
    case 'expired':
      return { step: state.step };
    case 'connected':
      return { step: 'connected', companyId: state.companyId, companyName: state.companyName, recovered: state.recovered };
    case 'realm_mismatch': {
      const returned = lookup(environment, state.returnedRealmId);
      return {
        step: 'realm_mismatch',
        expectedCompanyId: state.expectedCompanyId,
        expectedCompanyName: state.expectedCompanyName,
        returnedRealmId: state.returnedRealmId,
        returnedCompanyId: returned?.id ?? null,
        returnedCompanyName: returned?.name ?? null,
      };
    }
    case 'failed': {
      // The detail can quote Intuit's answer; the window gets the plain-words explanation only.
      const explanation = explainCause(state.cause);
      return { step: 'failed', cause: state.cause, summary: explanation.summary, fix: explanation.fix };
    }
    default:
      return missingCase(state);
  }
}

export function toAttemptView(snapshot: AttemptSnapshot, lookup: KnownCompanyLookup = noCompanies): AttemptView {
  return {
    attemptId: snapshot.attemptId,
    environment: snapshot.environment,
    targetCompanyId: snapshot.targetCompanyId ?? null,
    startedAt: snapshot.startedAt,
    expiresAt: snapshot.expiresAt,
    state: toAttemptStep(snapshot.state, snapshot.environment, lookup),
  };
}

/** The stored event without its `details` (hashes and prefixes the window has no use for). */
export function toEventView(event: StoredEvent): EventView {
  return {
    id: event.id,
    at: event.at,
    companyId: event.companyId,
    kind: event.kind,
    outcome: event.outcome,
    httpStatus: event.httpStatus,
    intuitError: event.intuitError,
    intuitTid: event.intuitTid,
    cause: event.cause,
    message: event.message,
  };
}
