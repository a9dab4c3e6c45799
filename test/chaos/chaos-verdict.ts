import type { TokenCallRecord } from '../../main/simulator/index';

/** Counts by kind, for the run's table. */
export class Counter {
  readonly counts = new Map<string, number>();
  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }
  total(): number {
    return [...this.counts.values()].reduce((sum, value) => sum + value, 0);
  }
  describe(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
  }
  summary(): string {
    return this.total() === 0 ? '0' : `${this.total()}: ${this.describe()}`;
  }
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The causes of `invalid_grant` a client brings on itself; the run allows none it did not cause. */
export const selfInflictedCauses: ReadonlySet<string> = new Set(['code_reused', 'stale_refresh_token', 'unknown_token', 'wrong_environment']);

const sameRoundMs = 3_600_000;

export interface Kill {
  readonly realmId: string | undefined;
  /** Simulator time. */
  readonly atMs: number;
}

/**
 * The sequence numbers of refreshes that sent a superseded token for a reason the run itself
 * caused: an earlier call sent the same token, Intuit rotated it, and its answer never reached
 * the process (a lostResponse fault or a socket closed by a kill: `delivered` not true), or a
 * process working on that company (or the app, `realmId` undefined) was killed after Intuit
 * applied it, so it died before saving.
 */
/** How long a request sent just before its process was killed may still take to reach Intuit. */
const inFlightMs = 1_000;

export function excusedStaleCalls(calls: readonly TokenCallRecord[], kills: readonly Kill[]): Set<number> {
  const excused = new Set<number>();
  const firstUse = new Map<string, TokenCallRecord>();
  for (const call of calls) {
    if (call.grantType !== 'refresh_token' || call.tokenHash === null) continue;
    const earlier = firstUse.get(call.tokenHash);
    if (earlier === undefined) {
      if (call.status === 200 && call.rotated === true) firstUse.set(call.tokenHash, call);
      continue;
    }
    const lostInTransit = earlier.delivered !== true;
    // A kill explains a lost answer only in the round that sent the token (the clock moves hours
    // between rounds). A request already on its way when its process was killed still reaches
    // Intuit, up to a second later (strict seed 4242: applied 12 ms after the kill).
    const killedAfter = kills.some(
      (kill) => (kill.realmId === undefined || kill.realmId === earlier.realmId) && kill.atMs >= earlier.atMs - inFlightMs && kill.atMs - earlier.atMs < sameRoundMs,
    );
    if (lostInTransit || killedAfter) excused.add(call.sequence);
  }
  return excused;
}

/**
 * Whether `answer_lost` is all the app could know about a company the user disconnected. The app
 * flags it when its journal holds a send of the refused token whose answer never came, and then
 * the refusal cannot tell a revocation from a rotation the app never saw (the access token, the
 * only other witness, had expired or died with the answer). Only the run's faults leave such a
 * send: the refused token was one Intuit had already replaced (the run kept the answer carrying
 * the current one), the app sent it more than once, or the journal holds more sends of it than
 * reached Intuit and the run killed a process of this company (or the app) after the token was
 * issued: a crash between the journal's write and the request.
 * `calls` are the company's token calls, in order; `journalledSends` counts the app's journal rows
 * for the refused token.
 */
export function answerLostExplained(calls: readonly TokenCallRecord[], kills: readonly Kill[], journalledSends: (tokenHash: string) => number): boolean {
  const refusal = calls.filter((call) => call.grantType === 'refresh_token' && call.error === 'invalid_grant').at(-1);
  if (refusal?.tokenHash == null) return false;
  const refusedToken = refusal.tokenHash;
  const sends = calls.filter((call) => call.grantType === 'refresh_token' && call.tokenHash === refusedToken).length;
  if (refusal.usedLatest === false || sends > 1) return true;
  const issuedAt = calls.find((call) => call.issuedRefreshTokenHash === refusedToken)?.atMs;
  if (issuedAt === undefined) return false;
  const killedSince = kills.some((kill) => (kill.realmId === undefined || kill.realmId === refusal.realmId) && kill.atMs >= issuedAt && kill.atMs <= refusal.atMs);
  return killedSince && journalledSends(refusedToken) > sends;
}

/** The figures of one finished run, in the order the table prints them. */
export function formatTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}

export interface Interval {
  readonly fromMs: number;
  readonly untilMs: number;
}

/**
 * How long each company went without a successful refresh while the app was awake and the
 * company was connected: the simulated time between its successes (or its connection), minus
 * the clock jumps that stand for sleep and the times the company was disconnected or lost.
 * Returns the longest, in hours, with its company.
 */
export function longestAwakeGap(
  successes: ReadonlyMap<string, readonly number[]>,
  asleep: readonly Interval[],
  away: ReadonlyMap<string, readonly Interval[]>,
  endMs: number,
): { hours: number; realmId: string | undefined; fromMs?: number; untilMs?: number } {
  const overlap = (from: number, until: number, intervals: readonly Interval[]): number =>
    intervals.reduce((sum, interval) => sum + Math.max(0, Math.min(until, interval.untilMs) - Math.max(from, interval.fromMs)), 0);
  let longest: { hours: number; realmId: string | undefined; fromMs?: number; untilMs?: number } = { hours: 0, realmId: undefined };
  for (const [realmId, times] of successes) {
    const sorted = [...times].sort((a, b) => a - b);
    const excluded = merged([...asleep, ...(away.get(realmId) ?? [])]);
    for (let index = 0; index < sorted.length; index += 1) {
      const from = sorted[index] ?? 0;
      const until = sorted[index + 1] ?? endMs;
      const hours = (until - from - overlap(from, until, excluded)) / 3_600_000;
      if (hours > longest.hours) longest = { hours, realmId, fromMs: from, untilMs: until };
    }
  }
  return longest;
}

/** Overlapping intervals as one, so no time is taken away twice. */
function merged(intervals: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  for (const interval of [...intervals].sort((a, b) => a.fromMs - b.fromMs)) {
    const last = result.at(-1);
    if (last !== undefined && interval.fromMs <= last.untilMs) result[result.length - 1] = { fromMs: last.fromMs, untilMs: Math.max(last.untilMs, interval.untilMs) };
    else result.push(interval);
  }
  return result;
}
