import type { CompanySummary } from '../../preload/contract/api-contract';

/** One OS notification; `companyId` is where a click takes the bookkeeper. */
export interface AppNotification {
  readonly companyId: string;
  readonly title: string;
  readonly body: string;
}

/** For each company, the cause it was last notified for; absent means "nothing to repeat". */
export type NotificationMemory = ReadonlyMap<string, string>;

export const emptyNotificationMemory: NotificationMemory = new Map();

type CompanyFacts = Pick<CompanySummary, 'id' | 'name' | 'status' | 'cause' | 'causeSummary' | 'fix'>;

/**
 * Decides which notifications a fresh list of companies deserves: one per company and cause,
 * however often the list is read (every scheduler tick reads it), and again only when the cause
 * changes or the company recovered in between. Pure, so the shells share it and tests pin it.
 */
export function decideNotifications(
  memory: NotificationMemory,
  companies: readonly CompanyFacts[],
): { readonly memory: NotificationMemory; readonly notifications: readonly AppNotification[] } {
  const next = new Map<string, string>();
  const notifications: AppNotification[] = [];
  for (const company of companies) {
    if (company.status !== 'needs_reconnect') continue;
    const cause = company.cause ?? 'unknown';
    next.set(company.id, cause);
    if (memory.get(company.id) === cause) continue;
    notifications.push({
      companyId: company.id,
      title: `${company.name} needs reconnecting`,
      body: [company.causeSummary, company.fix].filter((part): part is string => part !== null).join(' ') || 'Open Realmkeeper to reconnect it.',
    });
  }
  return { memory: next, notifications };
}

/** How many companies the tray and the dock badge count as needing the bookkeeper. */
export function countNeedingAttention(companies: readonly Pick<CompanySummary, 'status'>[]): number {
  return companies.filter((company) => company.status === 'needs_reconnect').length;
}
