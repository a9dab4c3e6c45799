import { readAllCompanyHealth, recordExpiryWarning } from '../storage/company-health';
import { listCompanies, type Company } from '../storage/company-repository';
import { appendEvent } from '../storage/event-log';
import type { SqliteDatabase } from '../storage/sqlite';
import type { RefreshResult } from '../tokens/refresh-result';
import { maximumRetryAfterSeconds } from '../intuit/retry-after';
import { BelievableTimes } from './believable-times';
import { expiryWarningFor, type ExpiryWarning } from './expiry-warnings';
import { defaultBackoff } from './retry-backoff';
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
  /** Told of a refresh or pass that threw (a bug or a database fault); the timer goes on. */
  readonly onError?: (error: unknown, companyId: string | undefined) => void;
}

/**
 * The longest the single timer sleeps: a suspended laptop or a clock that jumps is noticed
 * within this time even if no resume event arrives.
 */
const maximumSleepMs = 5 * 60_000;

/**
 * A company is not tried again sooner than this after a try, whatever the plan says: a plan that
 * keeps calling a company due (its stored times never move) must not become a busy loop.
 */
const minimumRetrySpacingMs = 10_000;

/** How far apart the clocks of two processes on one machine may honestly be. */
const clockSlackMs = 5 * 60_000;

/** The longest back-off any process writes: its own cap, or Intuit's Retry-After as clamped. */
const longestBackOffMs = Math.max(defaultBackoff.maximumDelayMs, maximumRetryAfterSeconds * 1000) + clockSlackMs;

interface ScheduledRow extends ScheduledCompany {
  readonly company: Company;
}

/** One timer for every company: it wakes for the next one due, oldest refresh first. */
export class KeepAliveScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private followUp: Promise<void> | undefined;
  private stopped = true;
  private passes = 0;
  /** When each company was last tried in this process (the engine's clock). */
  private readonly lastTriedAt = new Map<string, number>();
  private readonly believable = new BelievableTimes();

  constructor(private readonly options: KeepAliveSchedulerOptions) {}

  start(): Promise<void> {
    this.stopped = false;
    return this.replan();
  }

  /** Clears the timer and waits for a pass under way to end (no new company is started). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.followUp;
  }

  /**
   * Runs a pass now (on start, on resume from sleep, after a clock jump) and plans the next. A pass
   * under way chose its companies by the clock it started with: what is due after a resume or a
   * jump needs a pass of its own, so one more follows it (however many times this is called).
   */
  replan(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running !== undefined) {
      this.followUp ??= this.running.then(() => {
        this.followUp = undefined;
        return this.stopped ? undefined : this.replan();
      });
      return this.followUp;
    }
    this.running = this.runPass()
      .catch((error: unknown) => this.options.onError?.(error, undefined))
      .finally(() => {
        this.running = undefined;
        this.planNext();
      });
    return this.running;
  }

  private scheduledRows(): ScheduledRow[] {
    const { database } = this.options;
    const health = readAllCompanyHealth(database);
    const now = this.options.now();
    return listCompanies(database)
      .filter((company) => company.status === 'connected')
      .map((company) => ({
        id: company.id,
        company,
        lastRefreshAt: this.believable.read(`${company.id} refreshed`, company.lastRefreshAt ?? undefined, now, clockSlackMs),
        accessExpiresAt: company.accessExpiresAt ?? undefined,
        retryNotBefore: this.notBefore(company.id, this.believable.read(`${company.id} backs off`, health.get(company.id)?.retryNotBefore ?? undefined, now, longestBackOffMs)),
      }));
  }

  /** The stored back-off, and never sooner than the minimum spacing after this process's last try. */
  private notBefore(companyId: string, stored: number | undefined): number | undefined {
    const tried = this.lastTriedAt.get(companyId);
    if (tried === undefined) return stored;
    // A clock moved back below the last try must not hold a company back for the length of the jump.
    const spacing = Math.min(tried, this.options.now()) + minimumRetrySpacingMs;
    return Math.max(stored ?? 0, spacing);
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
        this.lastTriedAt.set(next.id, this.options.now());
        try {
          await this.options.refresh(next.id);
        } catch (error) {
          this.options.onError?.(error, next.id);
        }
        done += 1;
        this.options.onProgress?.({ total: due.length, done, companyId: next.id });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, due.length)) }, worker));
    this.warnOfExpiry();
  }

  private warnOfExpiry(): void {
    const { database, now } = this.options;
    const allHealth = readAllCompanyHealth(database);
    for (const company of listCompanies(database)) {
      const health = allHealth.get(company.id);
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
    let delay = maximumSleepMs;
    try {
      const wake = nextWakeAt(this.scheduledRows(), { keepAliveIntervalMs: this.options.keepAliveIntervalMs });
      if (wake !== undefined) delay = Math.min(Math.max(wake - this.options.now(), 1_000), maximumSleepMs);
    } catch (error) {
      this.options.onError?.(error, undefined);
    }
    // replan() never rejects: a pass's failure is reported through onError.
    this.timer = setTimeout(() => void this.replan(), delay);
    this.timer.unref();
  }
}
