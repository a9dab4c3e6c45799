import type { EnvironmentVariables } from '../config/config-types';
import type { EngineOptions } from './connection-engine';

/**
 * For tests only: timings a test of a separate process (the command line, the app) shortens so
 * that a fault scenario takes seconds, and the clock offset that matches a simulator whose clock
 * moved. None is set in normal use; each unset variable leaves the engine's default.
 */
export function testKnobsFrom(env: EnvironmentVariables, now: () => number): Partial<EngineOptions> {
  const value = (name: string): number | undefined => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return undefined;
    const parsed = Number(raw);
    if (!Number.isSafeInteger(parsed)) throw new Error(`${name} is "${raw}", which is not a whole number of milliseconds. Unset it (it is for tests only).`);
    return parsed;
  };
  const offset = value('REALMKEEPER_CLOCK_OFFSET_MS') ?? 0;
  const knobs: { -readonly [K in keyof EngineOptions]?: EngineOptions[K] } = {};
  if (offset !== 0) knobs.now = () => now() + offset;
  const requestTimeoutMs = value('REALMKEEPER_TEST_REQUEST_TIMEOUT_MS');
  if (requestTimeoutMs !== undefined) knobs.requestTimeoutMs = requestTimeoutMs;
  const leaseWaitMs = value('REALMKEEPER_TEST_LEASE_WAIT_MS');
  if (leaseWaitMs !== undefined) knobs.leaseTiming = { waitMs: leaseWaitMs, pollMs: 20 };
  const confirmDelayMs = value('REALMKEEPER_TEST_CONFIRM_DELAY_MS');
  if (confirmDelayMs !== undefined) knobs.confirmDelayMs = confirmDelayMs;
  const saveRetryMs = value('REALMKEEPER_TEST_SAVE_RETRY_MS');
  if (saveRetryMs !== undefined) knobs.saveRetryDelaysMs = [saveRetryMs];
  const keychainCallTimeoutMs = value('REALMKEEPER_TEST_KEYCHAIN_TIMEOUT_MS');
  if (keychainCallTimeoutMs !== undefined) knobs.keychainCallTimeoutMs = keychainCallTimeoutMs;
  return knobs;
}
