import { fork } from 'node:child_process';
import { KeychainError } from './keychain-error';
import { keychainBackendFor } from './keychain-backend';
import { parseHelperAnswer, type KeychainHelperCall, type KeychainHelperRequest } from './keychain-helper-protocol';
import type { KeytarBinding } from './keytar-secret-store';

/** A running helper process, as the app needs it: Node's `fork` and Electron's `utilityProcess` both fit. */
export interface KeychainHelperProcess {
  send(request: KeychainHelperRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: () => void): void;
  kill(): void;
}

export type SpawnKeychainHelper = () => KeychainHelperProcess;

/**
 * keytar's calls, made in a helper process that the app can replace.
 *
 * gnome-keyring can leave the calls a process made while the keyring was locked unanswered for
 * good, each holding one of that process's worker threads (measured in the chaos run, gdb inside
 * `secret_password_lookup_sync` minutes after the unlock). Nothing frees such a call inside the
 * process; ending the process does. The app's keychain calls live in a helper so that `restart()`
 * can end that process instead of the bookkeeper restarting Realmkeeper.
 */
export interface KeychainHelperBinding extends KeytarBinding {
  /** Ends the helper; its calls still out fail, and the next call starts a new one. */
  restart(): void;
  /** How many helpers were ended by `restart()`, for the log and for tests. */
  restarts(): number;
  /** Ends the helper for good and waits until it has exited. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface RunningHelper {
  readonly process: KeychainHelperProcess;
  readonly pending: Map<number, Pending>;
  readonly exited: Promise<void>;
}

export function createKeychainHelperBinding(spawn: SpawnKeychainHelper, platform: NodeJS.Platform = process.platform): KeychainHelperBinding {
  const backend = keychainBackendFor(platform);
  let current: RunningHelper | undefined;
  let nextId = 1;
  let restartCount = 0;
  let closed = false;

  const start = (): RunningHelper => {
    const child = spawn();
    const pending = new Map<number, Pending>();
    let markExited: () => void = () => undefined;
    const helper: RunningHelper = { process: child, pending, exited: new Promise<void>((resolve) => (markExited = resolve)) };
    child.onMessage((message) => {
      const answer = parseHelperAnswer(message);
      const waiting = answer === undefined ? undefined : pending.get(answer.id);
      if (answer === undefined || waiting === undefined) return;
      pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.value);
      else if (answer.moduleMissing) waiting.reject(new KeychainError('keychain_module_missing', backend, { detail: answer.message }));
      // The keychain's own words, so that the usual classifier tells locked from unavailable.
      else waiting.reject(new Error(answer.message));
    });
    child.onExit(() => {
      for (const waiting of pending.values()) waiting.reject(new Error('the keychain helper process ended before it answered'));
      pending.clear();
      if (current === helper) current = undefined;
      markExited();
    });
    return helper;
  };

  const ask = (request: KeychainHelperCall): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new Error('the keychain helper is closed'));
        return;
      }
      current ??= start();
      const id = nextId++;
      const helper = current;
      helper.pending.set(id, { resolve, reject });
      try {
        helper.process.send({ ...request, id } as KeychainHelperRequest);
      } catch (error) {
        // Its channel closed under it: the next call starts a new helper.
        helper.pending.delete(id);
        if (current === helper) current = undefined;
        helper.process.kill();
        reject(error);
      }
    });

  const wrongShape = (call: string): Error => new Error(`the keychain helper answered ${call} with a value of the wrong shape`);

  return {
    async getPassword(service, account) {
      const value = await ask({ call: 'getPassword', service, account });
      if (value !== null && typeof value !== 'string') throw wrongShape('getPassword');
      return value;
    },
    async setPassword(service, account, secret) {
      await ask({ call: 'setPassword', service, account, secret });
    },
    async deletePassword(service, account) {
      const value = await ask({ call: 'deletePassword', service, account });
      if (typeof value !== 'boolean') throw wrongShape('deletePassword');
      return value;
    },
    async findCredentials(service) {
      const value = await ask({ call: 'findCredentials', service });
      if (!Array.isArray(value) || !value.every((item: unknown) => typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>).account === 'string' && typeof (item as Record<string, unknown>).password === 'string')) {
        throw wrongShape('findCredentials');
      }
      return value as { account: string; password: string }[];
    },
    restart() {
      if (current === undefined) return;
      restartCount += 1;
      const ending = current;
      current = undefined;
      ending.process.kill();
    },
    restarts: () => restartCount,
    async close() {
      closed = true;
      const ending = current;
      current = undefined;
      if (ending === undefined) return;
      ending.process.kill();
      await ending.exited;
    },
  };
}

/**
 * The helper as a Node child process (the browser shell; Electron's shell uses its utility
 * process, see electron/keychain-helper-process.ts). It does not outlive the app: it ends itself
 * when its channel to the app closes, as it does when the app is killed.
 */
export function forkKeychainHelper(entryPath: string): SpawnKeychainHelper {
  return () => {
    const child = fork(entryPath, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    return {
      send: (request) => {
        child.send(request);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        let told = false;
        const tell = (): void => {
          if (told) return;
          told = true;
          listener();
        };
        child.once('exit', tell);
        // A helper that could not start, or whose channel broke, counts as ended.
        child.once('error', () => {
          child.kill('SIGKILL');
          tell();
        });
      },
      // SIGKILL: a helper with a call stuck in libsecret cannot run an exit handler.
      kill: () => child.kill('SIGKILL'),
    };
  };
}
