import type { TokenSet } from './token-set';

/** Where token sets live: the OS keychain in the app, one entry per company. */
export interface TokenVault {
  read(companyId: string): Promise<TokenSet | undefined>;
  write(companyId: string, tokenSet: TokenSet): Promise<void>;
  remove(companyId: string): Promise<boolean>;
}
