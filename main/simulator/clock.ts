/**
 * The simulator's "now": the wall clock plus an offset that only moves forward, so tests can
 * let 100 days pass in a millisecond while timers and sockets keep real time.
 */
export class SimulatorClock {
  #offsetMs = 0;
  readonly #wallClock: () => number;

  constructor(wallClock: () => number = Date.now) {
    this.#wallClock = wallClock;
  }

  nowMs(): number {
    return this.#wallClock() + this.#offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  offsetMs(): number {
    return this.#offsetMs;
  }

  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('The clock only moves forward by a finite number of milliseconds');
    }
    this.#offsetMs += milliseconds;
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}
