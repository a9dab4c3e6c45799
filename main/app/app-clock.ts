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
