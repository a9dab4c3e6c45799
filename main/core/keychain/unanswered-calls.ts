/**
 * What a process knows about keychain calls that timed out and have not returned.
 *
 * Such a call holds one of Node's four worker threads, and while it is out, more calls to the same
 * keychain tend to hang too (libsecret, measured: calls beside a stuck one never returned). If
 * every call waited out its own timeout, a pass over 50 companies would take 50 timeouts, and
 * four stuck calls would stop the whole process's file and crypto work. So while a call is stuck,
 * calls fail at once as "locked", except one trial per timeout, and never more than two stuck at
 * a time. A trial that answers shows the keychain works again, and calls go ahead as before.
 */
export class UnansweredCalls {
  private stuck = 0;
  private answeredSinceStuck = true;
  private lastTrialAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly maxStuck = 2,
  ) {}

  /** Calls that timed out and have not returned. */
  count(): number {
    return this.stuck;
  }

  /** Whether a call with this timeout may go to the keychain now; false: it fails at once as locked. */
  mayCall(timeoutMs: number): boolean {
    if (this.stuck === 0 || this.answeredSinceStuck) return true;
    if (this.stuck >= this.maxStuck || this.now() - this.lastTrialAt < timeoutMs) return false;
    this.lastTrialAt = this.now();
    return true;
  }

  /** The keychain answered a call (with a value or an error of its own). */
  answered(): void {
    this.answeredSinceStuck = true;
  }

  /** A call outlived its timeout; `returned` settles whenever the call finally does. */
  timedOut(returned: Promise<unknown>): void {
    this.stuck += 1;
    this.answeredSinceStuck = false;
    this.lastTrialAt = this.now();
    const settle = (): void => {
      this.stuck -= 1;
    };
    void returned.then(settle, settle);
  }
}
