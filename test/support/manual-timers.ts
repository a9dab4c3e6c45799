import type { ScheduleTimer } from '../../main/core/oauth/connect-attempts';

/**
 * Timers a test fires itself, for deadlines ten minutes away: the code under test still decides
 * with its own clock whether the deadline has come, so firing early proves nothing is expired early.
 */
export class ManualTimers {
  private readonly timers = new Set<{ readonly callback: () => void; readonly delayMs: number }>();

  readonly schedule: ScheduleTimer = (callback, delayMs) => {
    const timer = { callback, delayMs };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  };

  get armed(): number {
    return this.timers.size;
  }

  /** Runs every armed timer once (each may arm a new one). */
  fireAll(): void {
    const due = [...this.timers];
    this.timers.clear();
    for (const timer of due) timer.callback();
  }
}
