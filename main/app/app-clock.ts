import { readFileSync, statSync, type Stats } from 'node:fs';
import type { EnvironmentVariables } from '../core/config/config-types';

export const clockOffsetVariable = 'REALMKEEPER_CLOCK_OFFSET_MS';

/**
 * For tests only: milliseconds added to the wall clock for the engine, so an end-to-end test can
 * move an external simulator's clock forward, restart the app with the same offset, and see what
 * a bookkeeper would see weeks later. Unset means 0.
 */
export function readClockOffset(env: EnvironmentVariables): number {
  const raw = env[clockOffsetVariable]?.trim();
  if (raw === undefined || raw === '') return 0;
  const offset = Number(raw);
  if (!Number.isSafeInteger(offset)) {
    throw new Error(`${clockOffsetVariable} is "${raw}", which is not a whole number of milliseconds. Unset it (it is for tests only).`);
  }
  return offset;
}

export const movableClockVariable = 'REALMKEEPER_TEST_CLOCK_FILE';

export interface MovableTestClock {
  offsetMs(): number;
  /** Called after each change of the file, with the new offset. */
  onMoved(listener: (offsetMs: number) => void): void;
  stop(): void;
}

/**
 * For tests only: a file holding the clock offset in milliseconds, rewritten while the app runs
 * (the chaos run moves the simulator's clock and the app's together over simulated months). The
 * file is polled, not watched: a rename-into-place or an editor's save both show as a new mtime.
 */
export function movableTestClock(env: EnvironmentVariables): MovableTestClock | undefined {
  const path = env[movableClockVariable]?.trim();
  if (path === undefined || path === '') return undefined;
  const read = (): number => {
    const raw = readFileSync(path, 'utf8').trim();
    const offset = Number(raw);
    if (!Number.isSafeInteger(offset)) throw new Error(`${movableClockVariable} names a file holding "${raw}", which is not a whole number of milliseconds.`);
    return offset;
  };
  // The first look at the file and the first reading are taken together, so a change made right
  // after this returns is never mistaken for the starting point.
  let seen = statSync(path);
  let offset = read();
  const listeners: Array<(offsetMs: number) => void> = [];
  const poll = (): void => {
    let current: Stats;
    let next: number;
    try {
      current = statSync(path);
      if (current.mtimeMs === seen.mtimeMs && current.size === seen.size && current.ino === seen.ino) return;
      next = read();
    } catch {
      return; // Caught mid-rename or mid-write: the next poll reads it whole.
    }
    seen = current;
    if (next === offset) return;
    offset = next;
    for (const listener of listeners) listener(offset);
  };
  const timer = setInterval(poll, 50);
  timer.unref();
  return {
    offsetMs: () => offset,
    onMoved: (listener) => listeners.push(listener),
    stop: () => clearInterval(timer),
  };
}
