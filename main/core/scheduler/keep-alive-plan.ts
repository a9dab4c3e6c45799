/** What the scheduler needs to know of a company to decide when it is next due. */
export interface ScheduledCompany {
  readonly id: string;
  readonly lastRefreshAt: number | undefined;
  readonly accessExpiresAt: number | undefined;
  /** Set while a transient failure is backing off: the company is not due before it. */
  readonly retryNotBefore: number | undefined;
}

export interface KeepAlivePolicy {
  /** Refresh at least this often, so a refresh token never sits unused for its ~100-day life. */
  readonly keepAliveIntervalMs: number;
  /**
   * Also due when the access token has expired. Only the pass at start uses it: later, access
   * tokens are refreshed when asked for, not hourly for every company.
   */
  readonly refreshExpiredAccess?: boolean;
}

export function dueAt(company: ScheduledCompany, policy: KeepAlivePolicy): number {
  const keepAliveDue = company.lastRefreshAt === undefined ? 0 : company.lastRefreshAt + policy.keepAliveIntervalMs;
  const accessDue = policy.refreshExpiredAccess === true ? (company.accessExpiresAt ?? 0) : Number.POSITIVE_INFINITY;
  const due = Math.min(keepAliveDue, accessDue);
  return Math.max(due, company.retryNotBefore ?? 0);
}

/** The companies due at `now`, oldest refresh first, so the longest-neglected is never starved. */
export function dueCompanies<T extends ScheduledCompany>(companies: readonly T[], policy: KeepAlivePolicy, now: number): T[] {
  return companies
    .filter((company) => dueAt(company, policy) <= now)
    .sort((left, right) => (left.lastRefreshAt ?? 0) - (right.lastRefreshAt ?? 0));
}

/** When the single timer should next wake, or undefined when nothing is scheduled. */
export function nextWakeAt(companies: readonly ScheduledCompany[], policy: KeepAlivePolicy): number | undefined {
  let earliest: number | undefined;
  for (const company of companies) {
    const due = dueAt(company, policy);
    if (earliest === undefined || due < earliest) earliest = due;
  }
  return earliest;
}
