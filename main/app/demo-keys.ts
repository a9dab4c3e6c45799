import { AppError } from './app-error';

/** The demo's folder and keychain are emptied at every start: keys saved there would be lost. */
export function isIntuitKeySetting(key: string): boolean {
  return /^(sandbox|production)\./.test(key);
}

export function demoKeysError(): AppError {
  return new AppError(
    'demo_keys_not_saved',
    'The demo cannot keep Intuit keys: it starts empty each time. Quit Realmkeeper, set your keys with `realmkeeper config set sandbox.clientId …` and `realmkeeper config set-secret sandbox` (or the REALMKEEPER_SANDBOX_CLIENT_ID and REALMKEEPER_SANDBOX_CLIENT_SECRET variables), and start it again.',
  );
}
