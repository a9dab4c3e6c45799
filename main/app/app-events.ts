import type { AppEvent } from '../../preload/contract/api-contract';
import { explainCause } from '../core/diagnosis/causes';
import type { EngineEvent } from '../core/engine/engine-event';
import { missingCase } from './missing-case';
import { toAttemptView, type KnownCompanyLookup } from './views';

/** What the window hears for one engine event; several engine events also change the list. */
export function toAppEvents(event: EngineEvent, lookup?: KnownCompanyLookup): AppEvent[] {
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
    case 'company_changed':
      return [{ kind: 'companies_changed' }];
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
