import { readCompanyHealth, recordExpiryWarning } from '../storage/company-health';
import { listCompanies, type Company } from '../storage/company-repository';
import { appendEvent } from '../storage/event-log';
import type { SqliteDatabase } from '../storage/sqlite';
import type { RefreshResult } from '../tokens/refresh-result';
import { expiryWarningFor, type ExpiryWarning } from './expiry-warnings';
import { dueCompanies, nextWakeAt, type ScheduledCompany } from './keep-alive-plan';

export interface PassProgress {
  readonly total: number;
  readonly done: number;
  readonly companyId: string | undefined;
}

export interface KeepAliveSchedulerOptions {
  readonly database: SqliteDatabase;
  readonly refresh: (companyId: string) => Promise<RefreshResult>;
  readonly now: () => number;
  readonly keepAliveIntervalMs: number;
  readonly concurrency: number;
  readonly onProgress?: (progress: PassProgress) => void;
  readonly onExpiryWarning?: (warning: ExpiryWarning) => void;
}

/**
 * The longest the single timer sleeps: a suspended laptop or a clock that jumps is noticed
 * within this time even if no resume event arrives.
 */
const maximumSleepMs = 5 * 60_000;

interface ScheduledRow extends ScheduledCompany {
  readonly company: Company;
}

/** One timer for every company: it wakes for the next one due, oldest refresh first. */
export class KeepAliveScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private passes = 0;

  constructor(private readonly options: KeepAliveSchedulerOptions) {}

  start(): Promise<void> {
    this.stopped = false;
    return this.replan();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs a pass now (on start, on resume from sleep, after a clock jump) and plans the next. */
  replan(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.running ??= this.runPass().finally(() => {
      this.running = undefined;
      this.planNext();
    });
    return this.running;
  }

  private scheduledRows(): ScheduledRow[] {
    const { database } = this.options;
    return listCompanies(database)
      .filter((company) => company.status === 'connected')
      .map((company) => ({
        id: company.id,
        company,
        lastRefreshAt: company.lastRefreshAt ?? undefined,
        accessExpiresAt: company.accessExpiresAt ?? undefined,
        retryNotBefore: readCompanyHealth(database, company.id)?.retryNotBefore ?? undefined,
      }));
  }

  private async runPass(): Promise<void> {
    const { now, keepAliveIntervalMs, concurrency } = this.options;
    const refreshExpiredAccess = this.passes === 0;
    this.passes += 1;
    const due = dueCompanies(this.scheduledRows(), { keepAliveIntervalMs, refreshExpiredAccess }, now());
    let done = 0;
    this.options.onProgress?.({ total: due.length, done, companyId: undefined });
    const queue = [...due];
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined && !this.stopped; next = queue.shift()) {
        await this.options.refresh(next.id);
        done += 1;
        this.options.onProgress?.({ total: due.length, done, companyId: next.id });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, due.length)) }, worker));
    this.warnOfExpiry();
  }

  private warnOfExpiry(): void {
    const { database, now } = this.options;
    for (const company of listCompanies(database)) {
      const health = readCompanyHealth(database, company.id);
      if (health === undefined) continue;
      const warning = expiryWarningFor(company, health, now());
      if (warning === undefined) continue;
      recordExpiryWarning(database, company.id, now());
      const days = Math.max(0, Math.floor((warning.expiresAt - now()) / 86_400_000));
      appendEvent(database, {
        at: now(),
        companyId: company.id,
        kind: 'expiry_warning',
        outcome: 'warning',
        message:
          warning.horizon === 'hard_cap'
            ? `${company.name} reaches Intuit's five-year limit in ${days} days; reconnect it before then.`
            : `${company.name} will need reconnecting in ${days} days unless it is refreshed.`,
        details: { horizon: warning.horizon, expiresAt: warning.expiresAt },
      });
      this.options.onExpiryWarning?.(warning);
    }
  }

  private planNext(): void {
    if (this.stopped) return;
    const wake = nextWakeAt(this.scheduledRows(), { keepAliveIntervalMs: this.options.keepAliveIntervalMs });
    const delay = wake === undefined ? maximumSleepMs : Math.min(Math.max(wake - this.options.now(), 1_000), maximumSleepMs);
    this.timer = setTimeout(() => void this.replan(), delay);
    this.timer.unref();
  }
}
