import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAwakeDeadline } from '../../../main/core/system/awake-deadline';

/** The watchdog's clock and ticks are driven by hand: `awake` moves both, `freeze` only the clock. */
let clock = 0;
const tickMs = 10;

function awake(milliseconds: number): void {
  for (let spent = 0; spent < milliseconds; spent += tickMs) {
    clock += tickMs;
    vi.advanceTimersByTime(tickMs);
  }
}

function freezeThenWake(milliseconds: number): void {
  clock += milliseconds;
  awake(tickMs);
}

beforeEach(() => {
  clock = 0;
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('startAwakeDeadline', () => {
  it('fires with a TimeoutError once the awake time reaches the budget', () => {
    const deadline = startAwakeDeadline(100, { tickMs, now: () => clock });
    awake(90);
    expect(deadline.signal.aborted).toBe(false);
    awake(10);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ name: 'TimeoutError' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not count a freeze, and never fires on the tick that wakes from one', () => {
    const deadline = startAwakeDeadline(100, { tickMs, now: () => clock });
    awake(90);
    freezeThenWake(60_000);
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.elapsedMs()).toBe(100);
    // The next awake tick may fire: the freeze bought the I/O phase one turn, not a new budget.
    awake(10);
    expect(deadline.signal.aborted).toBe(true);
  });

  it('counts a slow event loop, which is awake time', () => {
    const deadline = startAwakeDeadline(1_000, { tickMs, now: () => clock });
    for (let lag = 0; lag < 4; lag += 1) freezeThenWake(240);
    expect(deadline.elapsedMs()).toBe(1_000);
    expect(deadline.signal.aborted).toBe(true);
  });

  it('gives at least the time asked for once an answer starts arriving, never less than before', () => {
    const deadline = startAwakeDeadline(100, { tickMs, now: () => clock });
    awake(80);
    deadline.allowAtLeast(50);
    awake(40);
    expect(deadline.signal.aborted).toBe(false);
    deadline.allowAtLeast(1);
    awake(10);
    expect(deadline.signal.aborted).toBe(true);
  });

  it('stops its watchdog when cleared', () => {
    const deadline = startAwakeDeadline(100, { tickMs, now: () => clock });
    expect(vi.getTimerCount()).toBe(1);
    deadline.clear();
    deadline.clear();
    expect(vi.getTimerCount()).toBe(0);
    awake(500);
    expect(deadline.signal.aborted).toBe(false);
  });
});
