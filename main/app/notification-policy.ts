import type { CompanySummary } from '../../preload/contract/api-contract';

/** One OS notification; `companyId` is where a click takes the bookkeeper (null: the list). */
export interface AppNotification {
  readonly companyId: string | null;
  readonly title: string;
  readonly body: string;
}

/** What has been said already, so nothing is said twice. */
export interface NotificationMemory {
  /** For each broken company, the cause it was notified for. */
  readonly broken: ReadonlyMap<string, string>;
  /** Expiry warnings given: `companyId|limit|expiresAt|days`. */
  readonly expiryWarned: ReadonlySet<string>;
  /** The UTC day (YYYY-MM-DD) of the last digest: at most one a day. */
  readonly digestDay: string | null;
}

export const emptyNotificationMemory: NotificationMemory = { broken: new Map(), expiryWarned: new Set(), digestDay: null };

/** Warnings before a connection ends: 14, 7 and 2 days ahead, once each. */
export const expiryWarningDays = [14, 7, 2] as const;

/** More notifications than this at once (after a holiday, say) become one digest. */
export const digestThreshold = 3;

const dayMs = 86_400_000;

type CompanyFacts = Pick<CompanySummary, 'id' | 'name' | 'status' | 'cause' | 'causeSummary' | 'fix' | 'refreshExpiresAt' | 'refreshHardExpiresAt'>;

type Limit = 'unused' | 'five_years';

function limitsOf(company: CompanyFacts): Array<{ limit: Limit; at: number }> {
  const limits: Array<{ limit: Limit; at: number }> = [];
  if (company.refreshExpiresAt !== null) limits.push({ limit: 'unused', at: company.refreshExpiresAt });
  if (company.refreshHardExpiresAt !== null) limits.push({ limit: 'five_years', at: company.refreshHardExpiresAt });
  return limits;
}

/**
 * The most urgent milestone reached and not yet warned for, if any. A milestone passed while the
 * app was closed is not caught up on: at 5 days left the bookkeeper hears "7 days" once, not
 * "14 days" then "7 days" in the same second.
 */
function dueWarning(company: CompanyFacts, limit: { limit: Limit; at: number }, warned: ReadonlySet<string>, now: number): { days: number; keys: string[] } | null {
  const left = limit.at - now;
  if (left <= 0) return null;
  const reached = expiryWarningDays.filter((days) => left <= days * dayMs);
  const mostUrgent = reached.at(-1);
  if (mostUrgent === undefined) return null;
  const keys = reached.map((days) => `${company.id}|${limit.limit}|${limit.at}|${days}`);
  const key = keys.at(-1);
  if (key === undefined || warned.has(key)) return null;
  return { days: mostUrgent, keys };
}

function expiryNotification(company: CompanyFacts, limit: Limit, days: number): AppNotification {
  return {
    companyId: company.id,
    title: limit === 'five_years' ? `${company.name} reaches Intuit's 5-year limit in ${days} days` : `${company.name}'s connection ends in ${days} days`,
    body:
      limit === 'five_years'
        ? "Intuit ends every connection after five years. Reconnect the company before then; it takes a minute."
        : 'Keep Realmkeeper running so it refreshes the connection, or reconnect the company.',
  };
}

function digest(notifications: readonly AppNotification[], brokenCount: number): AppNotification {
  const expiring = notifications.length - brokenCount;
  const parts = [brokenCount > 0 ? `${brokenCount} ${brokenCount === 1 ? 'company needs' : 'companies need'} reconnecting` : null, expiring > 0 ? `${expiring} ${expiring === 1 ? 'connection ends' : 'connections end'} soon` : null].filter(
    (part): part is string => part !== null,
  );
  return { companyId: null, title: parts.join('; '), body: 'Open Realmkeeper: the list groups them by what fixes them.' };
}

/**
 * Decides which notifications a fresh list of companies deserves: one per broken company and
 * cause (again only when the cause changes or it recovered in between), one per expiry
 * milestone, and a single digest, at most once a day, when more than a few are due at once.
 * Pure, so the shells share it and tests pin it.
 */
export function decideNotifications(
  memory: NotificationMemory,
  companies: readonly CompanyFacts[],
  now: number,
): { readonly memory: NotificationMemory; readonly notifications: readonly AppNotification[] } {
  const broken = new Map<string, string>();
  const expiryWarned = new Set(memory.expiryWarned);
  const due: AppNotification[] = [];
  let brokenDue = 0;
  for (const company of companies) {
    if (company.status === 'needs_reconnect' || company.status === 'disconnected') {
      const cause = company.cause ?? 'unknown';
      broken.set(company.id, cause);
      if (memory.broken.get(company.id) === cause) continue;
      brokenDue += 1;
      due.push({
        companyId: company.id,
        title: `${company.name} needs reconnecting`,
        body: [company.causeSummary, company.fix].filter((part): part is string => part !== null).join(' ') || 'Open Realmkeeper to reconnect it.',
      });
      continue;
    }
    for (const limit of limitsOf(company)) {
      const warning = dueWarning(company, limit, expiryWarned, now);
      if (warning === null) continue;
      for (const key of warning.keys) expiryWarned.add(key);
      due.push(expiryNotification(company, limit.limit, warning.days));
    }
  }
  const today = new Date(now).toISOString().slice(0, 10);
  if (due.length <= digestThreshold) return { memory: { broken, expiryWarned, digestDay: memory.digestDay }, notifications: due };
  // Many at once: one digest; a second wave the same day is left to the window's banner.
  const notifications = memory.digestDay === today ? [] : [digest(due, brokenDue)];
  return { memory: { broken, expiryWarned, digestDay: today }, notifications };
}

/** How many companies the tray and the dock badge count as needing the bookkeeper. */
export function countNeedingAttention(companies: readonly Pick<CompanySummary, 'status'>[]): number {
  return companies.filter((company) => company.status === 'needs_reconnect').length;
}
