import type { SecretStore, StoredSecret } from '../core/keychain/secret-store';

/**
 * Secrets held in memory for one run. In the app only the demo uses it, and only when the system
 * keychain does not answer: the demo's keys are the simulator's, worthless outside this process,
 * so the demo still works on a machine without a keychain. Real keys never go here. Tests of
 * the engine use it wherever the keychain is not what they test.
 */
export function createMemorySecretStore(service: string): SecretStore {
  const entries = new Map<string, string>();
  return {
    service,
    async get(account) {
      return entries.get(account) ?? null;
    },
    async set(account, secret) {
      entries.set(account, secret);
    },
    async delete(account) {
      return entries.delete(account);
    },
    async list(): Promise<StoredSecret[]> {
      return [...entries].map(([account, secret]) => ({ account, secret }));
    },
  };
}
