import type { IntuitEnvironment } from '../storage/intuit-environment';

/**
 * Remembers which companies of each environment Intuit refused recently. Intuit's FAQ says an
 * outage can answer `invalid_grant` for good tokens; several refusals together point there.
 */
export class OutageWatch {
  private readonly refusals = new Map<IntuitEnvironment, Map<string, number>>();

  constructor(private readonly windowMs: number) {}

  recordRefusal(environment: IntuitEnvironment, companyId: string, at: number): void {
    const byCompany = this.refusals.get(environment) ?? new Map<string, number>();
    byCompany.set(companyId, at);
    this.refusals.set(environment, byCompany);
  }

  /** Other companies of the environment refused within the window. */
  othersRefused(environment: IntuitEnvironment, companyId: string, now: number): string[] {
    const byCompany = this.refusals.get(environment);
    if (byCompany === undefined) return [];
    return [...byCompany.entries()].filter(([id, at]) => id !== companyId && now - at <= this.windowMs).map(([id]) => id);
  }

  /** Intuit accepted a refresh in this environment: earlier refusals were about those companies. */
  clear(environment: IntuitEnvironment): void {
    this.refusals.delete(environment);
  }

  forget(environment: IntuitEnvironment, companyId: string): void {
    this.refusals.get(environment)?.delete(companyId);
  }
}
