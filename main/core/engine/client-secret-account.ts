import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { SecretStore } from '../keychain/secret-store';

/** Client secrets share the app's keychain service with token sets, under their own accounts. */
export function clientSecretAccount(environment: IntuitEnvironment): string {
  return `client-secret:${environment}`;
}

export async function readClientSecret(store: SecretStore, environment: IntuitEnvironment): Promise<string | undefined> {
  return (await store.get(clientSecretAccount(environment))) ?? undefined;
}

export async function saveClientSecret(store: SecretStore, environment: IntuitEnvironment, secret: string): Promise<void> {
  await store.set(clientSecretAccount(environment), secret);
}
