import type { KeychainBackend } from './keychain-backend';

export type KeychainErrorCode =
  /** No keychain service answers (no D-Bus session, no Secret Service). */
  | 'keychain_unavailable'
  /** The keychain answers but is locked, or the unlock prompt was dismissed. */
  | 'keychain_locked'
  /** keytar's native module could not be loaded. */
  | 'keychain_module_missing'
  /** A stored entry is not a token set this version can read; it is left untouched. */
  | 'keychain_entry_malformed'
  /** An entry would exceed Windows Credential Manager's 2,560-byte limit. */
  | 'keychain_entry_too_large'
  /** Anything else the keychain reported. */
  | 'keychain_failed';

/**
 * A keychain failure. Callers branch on `code`; the message tells the bookkeeper what to do.
 * Raising one never deletes or rewrites an entry, and nothing falls back to plain text.
 */
export class KeychainError extends Error {
  override readonly name = 'KeychainError';
  readonly code: KeychainErrorCode;
  readonly backend: KeychainBackend;

  constructor(
    code: KeychainErrorCode,
    backend: KeychainBackend,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(
      options?.detail === undefined
        ? messageFor(code, backend)
        : `${messageFor(code, backend)} (${options.detail})`,
      options,
    );
    this.code = code;
    this.backend = backend;
  }
}

export function isKeychainError(value: unknown): value is KeychainError {
  return value instanceof KeychainError;
}

function keychainName(backend: KeychainBackend): string {
  switch (backend) {
    case 'libsecret':
      return 'The system keychain (Secret Service)';
    case 'keychain':
      return 'The macOS Keychain';
    case 'credential-manager':
      return 'Windows Credential Manager';
    case 'unsupported':
      return 'The system keychain';
  }
}

function messageFor(code: KeychainErrorCode, backend: KeychainBackend): string {
  const name = keychainName(backend);
  switch (code) {
    case 'keychain_unavailable':
      return backend === 'libsecret'
        ? `${name} is not running, so Realmkeeper cannot keep your QuickBooks connections. ` +
            'Sign in to a desktop session where GNOME Keyring or KWallet runs (or start ' +
            'gnome-keyring-daemon), then try again. Nothing was saved in plain text.'
        : `${name} is not available, so Realmkeeper cannot keep your QuickBooks connections. ` +
            'Sign in to your own desktop session and try again. Nothing was saved in plain text.';
    case 'keychain_locked':
      return (
        `${name} is locked. Unlock it (on Linux, the “Login” keyring in Passwords and Keys; ` +
        'it normally unlocks when you sign in) and try again. Nothing was changed.'
      );
    case 'keychain_module_missing':
      return (
        'Realmkeeper’s keychain component could not be loaded. Reinstall Realmkeeper. ' +
        'Nothing was changed.'
      );
    case 'keychain_entry_malformed':
      return (
        'The saved connection for this company cannot be read. It has been left as it is; ' +
        'reconnect the company to replace it.'
      );
    case 'keychain_entry_too_large':
      return (
        'These QuickBooks tokens are larger than the system keychain accepts, so they were not ' +
        'saved. Please report this to Realmkeeper support.'
      );
    case 'keychain_failed':
      return (
        `${name} reported an error Realmkeeper did not expect. Try again; if it keeps ` +
        'happening, restart your computer. Nothing was changed.'
      );
  }
}

/**
 * keytar reports failures as plain Errors with the OS library's text, so this adapter is the
 * one place that reads message text; everything past it branches on the code. The patterns are
 * the messages observed from libsecret/gnome-keyring, macOS Security and Windows.
 */
const unavailablePatterns: readonly RegExp[] = [
  /Cannot autolaunch D-Bus/i,
  /org\.freedesktop\.secrets was not provided by any \.service files/i,
  /StartServiceByName for org\.freedesktop\.secrets/i,
  /Could not connect: /i,
  /DBUS_SESSION_BUS_ADDRESS/i,
  /No such interface .*org\.freedesktop\.Secret/i,
];

const lockedPatterns: readonly RegExp[] = [
  // gnome-keyring with no login keyring yet (no unlocked default collection to write into).
  /Object does not exist at path .*\/collection\/login/i,
  // gnome-keyring with a login keyring that is locked, and no prompt could be shown.
  /Cannot create an item in a locked collection/i,
  /prompt (was )?dismissed/i,
  /User canceled the operation/i,
  /User interaction is not allowed/i,
  /The user name or passphrase you entered is not correct/i,
];

export function classifyKeychainFailure(error: unknown, backend: KeychainBackend): KeychainError {
  if (error instanceof KeychainError) {
    return error;
  }
  const text = error instanceof Error ? error.message : String(error);
  if (unavailablePatterns.some((pattern) => pattern.test(text))) {
    return new KeychainError('keychain_unavailable', backend, { cause: error });
  }
  if (lockedPatterns.some((pattern) => pattern.test(text))) {
    return new KeychainError('keychain_locked', backend, { cause: error });
  }
  return new KeychainError('keychain_failed', backend, { cause: error });
}
