import type { AppEvent, CompanySummary } from '../../../preload/contract/api-contract';
import { formatAbsolute } from '../format/relative-time';
import { environmentLabels } from '../format/status-text';
import { loadCompanyHistory, useActivityStore } from './activity-store';
import { loadCompanies, queueCompanyPatch, setRefreshProgress } from './companies-store';
import { attemptChanged } from './connect-store';
import { openCompany } from './navigation-store';
import { addNotice, dismissCompanyNotices } from './notices-store';
import { announce, type NotificationHost } from './system-notifications';

function missingEvent(event: never): void {
  // An event kind this window does not know yet (a newer main): re-read rather than fail.
  void event;
  void loadCompanies();
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;

/** Many companies_changed in a burst (a refresh pass over 300 companies) become one re-read. */
function scheduleReload(): void {
  if (reloadTimer !== null) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    void loadCompanies();
    const { companyId } = useActivityStore.getState();
    if (companyId !== null) void loadCompanyHistory(companyId);
  }, 150);
}

let historyTimer: ReturnType<typeof setTimeout> | null = null;

/** The open company's history follows its changes, re-read at most every 150 ms. */
function scheduleHistoryReload(companyId: string): void {
  if (useActivityStore.getState().companyId !== companyId || historyTimer !== null) return;
  historyTimer = setTimeout(() => {
    historyTimer = null;
    const open = useActivityStore.getState().companyId;
    if (open !== null) void loadCompanyHistory(open);
  }, 150);
}

function isCompanySummary(value: unknown): value is CompanySummary {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' && typeof (value as { name?: unknown }).name === 'string';
}

export function routeEvent(event: AppEvent, host: NotificationHost): void {
  switch (event.kind) {
    case 'companies_changed':
      scheduleReload();
      return;
    case 'company_changed':
      if (isCompanySummary(event.company)) {
        queueCompanyPatch(event.company);
        scheduleHistoryReload(event.company.id);
      } else {
        scheduleReload();
      }
      return;
    case 'attempt_changed':
      attemptChanged(event.attempt);
      return;
    case 'needs_reconnect':
      scheduleReload();
      announce(host, {
        id: `company-${event.companyId}`,
        tone: 'problem',
        title: `${event.companyName} needs reconnecting`,
        body: event.summary,
        companyId: event.companyId,
      });
      return;
    case 'recovered':
      scheduleReload();
      dismissCompanyNotices(event.companyId);
      addNotice({ id: `company-${event.companyId}`, tone: 'good', title: `${event.companyName} is connected again`, body: 'Realmkeeper keeps it refreshed from now on.', companyId: event.companyId });
      return;
    case 'outage_suspected':
      addNotice({
        id: `outage-${event.environment}`,
        tone: 'warning',
        title: `Intuit (${environmentLabels[event.environment]}) seems to be having an outage`,
        body: 'Realmkeeper keeps retrying and does not mark companies as broken because of it. Nothing to do.',
        companyId: null,
      });
      return;
    case 'expiry_warning':
      announce(host, {
        id: `expiry-${event.companyId}`,
        tone: 'warning',
        title: `${event.companyName}'s connection expires soon`,
        body: `It ends ${formatAbsolute(event.expiresAt)} unless Realmkeeper can refresh it. Keep Realmkeeper running, or reconnect the company.`,
        companyId: event.companyId,
      });
      return;
    case 'refresh_progress':
      setRefreshProgress(event.total, event.done);
      if (event.done >= event.total) scheduleReload();
      return;
    case 'focus_company':
      openCompany(event.companyId);
      return;
    default:
      missingEvent(event);
  }
}

