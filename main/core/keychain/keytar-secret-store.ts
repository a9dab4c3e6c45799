import { randomBytes } from 'node:crypto';
import type * as Keytar from 'keytar';
import { loadKeytarModule } from '../system/native-modules';
import { keychainBackendFor } from './keychain-backend';
import type { KeychainBackend } from './keychain-backend';
import { classifyKeychainFailure, KeychainError } from './keychain-error';
import type { KeychainHelperBinding } from './keychain-helper';
import { defaultKeychainService } from './secret-store';
import { probeAccountPrefix } from './probe-keychain';
import { UnansweredCalls } from './unanswered-calls';
import type { SecretStore, StoredSecret } from './secret-store';

export type KeytarBinding = Pick<
  typeof Keytar,
  'getPassword' | 'setPassword' | 'deletePassword' | 'findCredentials'
>;

export interface KeytarSecretStoreOptions {
  /** `REALMKEEPER_KEYCHAIN_SERVICE` in the app; a unique name per run in tests. */
  readonly service?: string;
  readonly platform?: NodeJS.Platform;
  /** Replaces the dynamic import, e.g. to exercise a missing native module. */
  readonly loadBinding?: () => Promise<unknown>;
  /** How long one keychain call may take before the caller hears that the keychain is locked. */
  readonly callTimeoutMs?: number;
  /**
   * Makes the calls in a helper process (the app, which runs for months), ended and replaced when
   * the keychain stops answering it. The command line calls keytar itself: it is short-lived, and
   * a helper would cost each `realmkeeper token` a process start.
   */
  readonly helper?: KeychainHelperBinding;
}

/**
 * libsecret calls made by one process at once can wait forever when the keyring is locked while
 * they run (measured with gnome-keyring: three concurrent calls after a lock never returned,
 * while the same calls one at a time each failed within 50–350 ms and worked again once it was
 * unlocked). gnome-keyring serves one request at a time anyway, so the process queues its calls.
 */
let libsecretQueue: Promise<unknown> = Promise.resolve();

/**
 * On a desktop a call to a locked keychain waits while the unlock prompt is up; one that never
 * answers (measured: a prompt queued behind a stopped process's) must not hold the app's refreshes
 * forever. The caller hears "locked" and retries; the queue moves on without the stuck call.
 */
export const defaultKeychainCallTimeoutMs = 60_000;

/** One per process: the keychain daemon and Node's worker threads are the process's, not a store's. */
const unanswered = new UnansweredCalls();

function oneAtATime<T>(backend: KeychainBackend, timeoutMs: number, operation: () => Promise<T>, probe: () => Promise<void>, helper: KeychainHelperBinding | undefined): Promise<T> {
  const bounded = (): Promise<T> => admitted(operation, timeoutMs, backend, probe, helper);
  if (backend !== 'libsecret') return bounded();
  const result = libsecretQueue.then(bounded, bounded);
  libsecretQueue = result.catch(() => undefined);
  return result;
}

export interface KeychainStoppedAnswering {
  readonly unansweredCalls: number;
  /** The calls were in a helper process, now ended: the next call starts a new one. */
  readonly helperRestarted: boolean;
}

const stopsAnsweringListeners = new Set<(event: KeychainStoppedAnswering) => void>();

/**
 * Told when too many keychain calls are out (see UnansweredCalls). With a helper process, it has
 * been ended and replaced; without one, the process stops calling the keychain, only a restart is
 * sure to free the calls, and the bookkeeper must hear so.
 */
export function onKeychainStopsAnswering(listener: (event: KeychainStoppedAnswering) => void): () => void {
  stopsAnsweringListeners.add(listener);
  return () => stopsAnsweringListeners.delete(listener);
}

/**
 * Keychain calls that timed out and have not returned. Such a call holds one of Node's worker
 * threads, and Node waits for every worker thread before a process exits: see exit-process.ts.
 * A call made in a helper process holds none of this process's, and is not counted.
 */
export function keychainCallsStuck(): number {
  return unanswered.threadsHeld();
}

async function admitted<T>(operation: () => Promise<T>, timeoutMs: number, backend: KeychainBackend, probe: () => Promise<void>, helper: KeychainHelperBinding | undefined): Promise<T> {
  const admission = unanswered.admit(timeoutMs);
  const notAnswered = (): KeychainError =>
    new KeychainError('keychain_locked', backend, {
      detail: unanswered.full() && helper === undefined
        ? `${unanswered.count()} requests to it have not been answered; if unlocking it does not help, restart Realmkeeper`
        : 'an earlier request to it has not been answered; an unlock prompt may be waiting',
    });
  if (admission === 'refuse') throw notAnswered();
  if (admission === 'probe_first') {
    try {
      await withinTime(probe, timeoutMs, backend, helper);
    } catch {
      throw notAnswered();
    }
    unanswered.answered();
  }
  // Any answer, a value or the keychain's own error, shows it answering again.
  return withinTime(() => operation().finally(() => unanswered.answered()), timeoutMs, backend, helper);
}

function withinTime<T>(operation: () => Promise<T>, timeoutMs: number, backend: KeychainBackend, helper: KeychainHelperBinding | undefined): Promise<T> {
  const call = operation();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      unanswered.timedOut(call, helper === undefined);
      if (unanswered.full()) {
        const event = { unansweredCalls: unanswered.count(), helperRestarted: helper !== undefined };
        // Ending the helper fails its calls still out, which frees UnansweredCalls for the next call.
        helper?.restart();
        for (const listener of stopsAnsweringListeners) listener(event);
      }
      reject(new KeychainError('keychain_locked', backend, { detail: `it did not answer within ${Math.round(timeoutMs / 1000)} seconds; an unlock prompt may be waiting` }));
    }, timeoutMs);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

/**
 * The SecretStore over keytar. keytar is imported on first use, not at module load, so a
 * missing or broken native module is a `keychain_module_missing` error the app can show rather
 * than a crash while starting.
 */
export function createKeytarSecretStore(options: KeytarSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? defaultKeychainService;
  const backend = keychainBackendFor(options.platform ?? process.platform);
  const helper = options.helper;
  const loadBinding = options.loadBinding ?? (helper === undefined ? importKeytar : () => Promise.resolve(helper));
  let binding: Promise<KeytarBinding> | undefined;

  function keytar(): Promise<KeytarBinding> {
    binding ??= loadKeytarBinding(loadBinding, backend).catch((error: unknown) => {
      binding = undefined;
      throw error;
    });
    return binding;
  }

  async function call<T>(operation: (keytarBinding: KeytarBinding) => Promise<T>): Promise<T> {
    const keytarBinding = await keytar();
    // A write to a locked keyring is refused at once, where a read may wait on an unlock prompt.
    const probe = async (): Promise<void> => {
      const account = `${probeAccountPrefix}${randomBytes(8).toString('hex')}`;
      await keytarBinding.setPassword(service, account, randomBytes(16).toString('hex'));
      await keytarBinding.deletePassword(service, account);
    };
    try {
      return await oneAtATime(backend, options.callTimeoutMs ?? defaultKeychainCallTimeoutMs, () => operation(keytarBinding), probe, helper);
    } catch (error) {
      throw classifyKeychainFailure(error, backend);
    }
  }

  return {
    service,
    get(account) {
      return call((keytarBinding) => keytarBinding.getPassword(service, account));
    },
    set(account, secret) {
      return call((keytarBinding) => keytarBinding.setPassword(service, account, secret));
    },
    delete(account) {
      return call((keytarBinding) => keytarBinding.deletePassword(service, account));
    },
    list() {
      return call(async (keytarBinding): Promise<StoredSecret[]> => {
        const credentials = await keytarBinding.findCredentials(service);
        return credentials.map(({ account, password }) => ({ account, secret: password }));
      });
    },
  };
}

function importKeytar(): Promise<unknown> {
  // The build that fits this runtime (Node's or Electron's), see native-modules.ts.
  return loadKeytarModule();
}

/** Loads keytar and finds its functions (on `default` under ESM); the keychain helper loads it the same way. */
export async function loadKeytarBinding(
  loadBinding: () => Promise<unknown>,
  backend: KeychainBackend,
): Promise<KeytarBinding> {
  let loaded: unknown;
  try {
    loaded = await loadBinding();
  } catch (error) {
    throw new KeychainError('keychain_module_missing', backend, { cause: error });
  }
  // keytar is CommonJS: under ESM its functions may sit on `default`.
  const candidate = hasKeytarFunctions(loaded)
    ? loaded
    : typeof loaded === 'object' && loaded !== null && 'default' in loaded
      ? loaded.default
      : undefined;
  if (!hasKeytarFunctions(candidate)) {
    throw new KeychainError('keychain_module_missing', backend, {
      detail: 'the keytar module has no getPassword/setPassword',
    });
  }
  return candidate;
}

function hasKeytarFunctions(value: unknown): value is KeytarBinding {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'].every(
    (name) => typeof record[name] === 'function',
  );
}
