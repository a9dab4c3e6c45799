import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { beforeEach } from 'vitest';
import { createKeytarSecretStore } from '../../main/core/keychain/keytar-secret-store';
import { probeKeychain } from '../../main/core/keychain/probe-keychain';
import type { SecretStore } from '../../main/core/keychain/secret-store';

/**
 * Tests that need a real system service (the OS keychain, gnome-keyring's tools) skip when it
 * is missing on a developer's machine, and fail when `REALMKEEPER_REQUIRE_SYSTEM=1` (CI), so a
 * broken CI image cannot turn them into silent skips.
 */
export const requireSystemVariable = 'REALMKEEPER_REQUIRE_SYSTEM';

export function isSystemRequired(environment: NodeJS.ProcessEnv = process.env): boolean {
  return environment[requireSystemVariable] === '1';
}

export interface SystemGate {
  /** Whether the tests should run; false means skip. */
  readonly run: boolean;
  readonly reason: string;
}

export class MissingSystemRequirementError extends Error {
  override readonly name = 'MissingSystemRequirementError';
}

/** Turns "is it there" into run / skip / throw, according to REALMKEEPER_REQUIRE_SYSTEM. */
export function gateOn(available: boolean, requirement: string, reason: string): SystemGate {
  if (available) {
    return { run: true, reason: `${requirement}: available` };
  }
  if (isSystemRequired()) {
    throw new MissingSystemRequirementError(
      `${requirement} is required (${requireSystemVariable}=1) but unavailable: ${reason}`,
    );
  }
  return { run: false, reason: `${requirement} unavailable, skipping: ${reason}` };
}

/** A service name no other run uses, so parallel runs and leftovers never collide. */
export function uniqueKeychainService(label: string): string {
  return `Realmkeeper-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Probes the real keychain (write, read back, delete) under a throwaway service name.
 * Resolves to run / skip, or rejects when the keychain is required.
 */
export async function keychainGate(): Promise<SystemGate> {
  const store = createKeytarSecretStore({ service: uniqueKeychainService('probe') });
  const probe = await probeKeychain(store);
  return gateOn(
    probe.available,
    `The OS keychain (${probe.backend})`,
    // The message's first sentence: the report prints this once per skipped test.
    probe.available ? '' : `${probe.error.code}: ${probe.error.message.split(/(?<=[.!?]) /)[0] ?? ''}`,
  );
}

/**
 * Skips every test of the enclosing describe with the gate's reason, which the test report prints
 * one line per test (test/support/skip-reasons-reporter.ts); `describe.skipIf` would give none.
 */
export function skipUnlessAvailable(gate: SystemGate | (() => SystemGate)): void {
  beforeEach((context) => {
    const current = typeof gate === 'function' ? gate() : gate;
    if (!current.run) context.skip(current.reason);
  });
}

export function commandExists(command: string): boolean {
  const result = spawnSync('sh', ['-c', `command -v "$0"`, command], { stdio: 'ignore' });
  return result.status === 0;
}

/**
 * The tools that start private D-Bus sessions with gnome-keyring, for the locked and
 * unavailable keychain tests. Linux only: elsewhere these tests skip even in CI.
 */
export function gnomeKeyringToolsGate(): SystemGate {
  if (process.platform !== 'linux') {
    return { run: false, reason: 'gnome-keyring tests run on Linux only' };
  }
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter(
    (command) => !commandExists(command),
  );
  return gateOn(missing.length === 0, 'dbus-run-session and gnome-keyring-daemon', `missing ${missing.join(', ')}`);
}

/** Deletes every entry a test left under its own service name. */
export async function removeAllSecrets(store: SecretStore): Promise<void> {
  for (const entry of await store.list()) {
    await store.delete(entry.account);
  }
}
