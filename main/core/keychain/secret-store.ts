export interface StoredSecret {
  readonly account: string;
  readonly secret: string;
}

/**
 * The OS keychain for one service name. The only way secrets are stored; every method rejects
 * with a KeychainError, never a raw binding error.
 */
export interface SecretStore {
  readonly service: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Whether an entry was there to delete. */
  delete(account: string): Promise<boolean>;
  list(): Promise<StoredSecret[]>;
}

export const defaultKeychainService = 'Realmkeeper';
