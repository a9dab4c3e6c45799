export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maximumDelayMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialDelayMs: 30_000, maximumDelayMs: 60 * 60_000 };

/**
 * Exponential backoff with full jitter: many companies failing together (an outage, a sleeping
 * laptop waking) spread their retries instead of arriving at Intuit at once.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, floorMs = 0): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const ceiling = Math.min(policy.maximumDelayMs, policy.initialDelayMs * 2 ** exponent);
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, floorMs);
}
