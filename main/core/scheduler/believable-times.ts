/**
 * Times another process wrote with a clock ahead of this one's (a wrong clock corrected since, a
 * process started with one) would hold a company back by the difference: a refresh dated a day
 * ahead puts its next keep-alive a day late, a back-off dated a day ahead stops its retries for a
 * day. A time further ahead of now than it could honestly be is read as if it had been written
 * when this process first saw it.
 */
export class BelievableTimes {
  private readonly firstSeen = new Map<string, { readonly written: number; readonly seenAt: number }>();

  /**
   * `at` as written when it was at most `aheadMs` past `now` when first read; otherwise `aheadMs`
   * past the time this process first read that value, for as long as the record holds it (a clock
   * that catches up with it later must not push the company back again). `key` names the record.
   */
  read(key: string, at: number | undefined, now: number, aheadMs: number): number | undefined {
    const seen = this.firstSeen.get(key);
    if (at !== undefined && seen?.written === at) return Math.min(at, seen.seenAt + aheadMs);
    if (at === undefined || at <= now + aheadMs) {
      this.firstSeen.delete(key);
      return at;
    }
    this.firstSeen.set(key, { written: at, seenAt: now });
    return now + aheadMs;
  }
}
