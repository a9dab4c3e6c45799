/**
 * What a process knows about keychain calls that timed out and have not returned.
 *
 * Such a call holds one of Node's four worker threads for as long as it is out, and with
 * gnome-keyring that can be for good (measured in the chaos run: two lookups made while the
 * keyring was locked still waiting minutes after it was unlocked, inside
 * `secret_password_lookup_sync`). If every call waited out its own timeout, a pass over 50
 * companies would take 50 timeouts, and four stuck calls would stop the process's file and crypto
 * work. So while a call is out, calls fail at once as "locked"; once per timeout one of them is let
 * through after a write probe (a write to a locked keyring fails at once instead of waiting on a
 * prompt) has shown the keychain working. With `maxStuck` calls out (by default the first that
 * stuck and a probe that stuck after it: the keychain is not coming back to this process), it
 * makes no more until one returns; it says so, and a restart is what frees them.
 */
export class UnansweredCalls {
  private stuck = 0;
  private holdingThreads = 0;
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

  /** Stuck calls made in this process, each holding one of its worker threads (not a helper's). */
  threadsHeld(): number {
    return this.holdingThreads;
  }

  /** Whether the process has stopped calling the keychain until a stuck call returns. */
  full(): boolean {
    return this.stuck >= this.maxStuck;
  }

  /**
   * `go`: call the keychain. `probe_first`: call it only if a write probe answers first.
   * `refuse`: fail at once as locked.
   */
  admit(timeoutMs: number): 'go' | 'probe_first' | 'refuse' {
    // Past this, one more stuck call would leave the process no worker thread for its files.
    if (this.stuck >= this.maxStuck) return 'refuse';
    if (this.stuck === 0 || this.answeredSinceStuck) return 'go';
    if (this.now() - this.lastTrialAt < timeoutMs) return 'refuse';
    this.lastTrialAt = this.now();
    return 'probe_first';
  }

  /** The keychain answered a call, or a probe showed it working. */
  answered(): void {
    this.answeredSinceStuck = true;
  }

  /**
   * A call outlived its timeout; `returned` settles whenever the call finally does. `inProcess`:
   * it was made in this process (not in a helper), so it holds one of its worker threads.
   */
  timedOut(returned: Promise<unknown>, inProcess = true): void {
    this.stuck += 1;
    if (inProcess) this.holdingThreads += 1;
    this.answeredSinceStuck = false;
    this.lastTrialAt = this.now();
    const settle = (): void => {
      this.stuck -= 1;
      if (inProcess) this.holdingThreads -= 1;
    };
    void returned.then(settle, settle);
  }
}
