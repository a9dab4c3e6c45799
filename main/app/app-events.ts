import type { AppEvent, CompanySummary } from '../../preload/contract/api-contract';
import { explainCause } from '../core/diagnosis/causes';
import type { EngineEvent } from '../core/engine/engine-event';
import { missingCase } from './missing-case';
import { toAttemptView, type KnownCompanyLookup } from './views';

/** One company's summary, or undefined when it is gone. */
export type CompanySummaryLookup = (companyId: string) => CompanySummary | undefined;

const noSummary: CompanySummaryLookup = () => undefined;

/**
 * What the window hears for one engine event; several engine events also change the list. A
 * change to one company carries that company, so a launch pass over thousands of companies
 * sends each row once instead of making the window re-read the whole list after each refresh.
 */
export function toAppEvents(event: EngineEvent, lookup?: KnownCompanyLookup, summarize: CompanySummaryLookup = noSummary): AppEvent[] {
  switch (event.kind) {
    case 'needs_reconnect':
      return [
        { kind: 'needs_reconnect', companyId: event.companyId, companyName: event.companyName, summary: explainCause(event.cause).summary },
        { kind: 'companies_changed' },
      ];
    case 'recovered':
      return [{ kind: 'recovered', companyId: event.companyId, companyName: event.companyName }, { kind: 'companies_changed' }];
    case 'outage_suspected':
      return [{ kind: 'outage_suspected', environment: event.environment }, { kind: 'companies_changed' }];
    case 'configuration_rejected':
    case 'keychain_save_pending':
      return [{ kind: 'companies_changed' }];
    case 'company_changed': {
      const company = summarize(event.companyId);
      // Gone (disconnected) or new to the window: the list itself changed.
      return company === undefined ? [{ kind: 'companies_changed' }] : [{ kind: 'company_changed', company }];
    }
    case 'attempt_changed':
      return [{ kind: 'attempt_changed', attempt: toAttemptView(event.attempt, lookup) }];
    case 'expiry_warning':
      return [{ kind: 'expiry_warning', companyId: event.warning.companyId, companyName: event.warning.companyName, expiresAt: event.warning.expiresAt }];
    case 'refresh_progress': {
      const progress: AppEvent = { kind: 'refresh_progress', total: event.progress.total, done: event.progress.done };
      return event.progress.done >= event.progress.total ? [progress, { kind: 'companies_changed' }] : [progress];
    }
    default:
      return missingCase(event);
  }
}
