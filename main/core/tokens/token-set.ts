import type { IssuedTokens } from '../intuit/token-response';
import type { StoredTokenSet } from '../keychain/token-set-codec';
import type { IntuitEnvironment } from '../storage/intuit-environment';

/** The keychain's token set; the codec owns its encoding and the entries' size limit. */
export type TokenSet = StoredTokenSet;

function expiriesFrom(issued: IssuedTokens, issuedAt: number) {
  return {
    issuedAt,
    accessToken: issued.accessToken,
    accessExpiresAt: issuedAt + issued.accessExpiresInSeconds * 1000,
    refreshToken: issued.refreshToken,
    refreshExpiresAt: issuedAt + issued.refreshExpiresInSeconds * 1000,
    refreshHardExpiresAt:
      issued.refreshHardExpiresInSeconds === undefined ? null : issuedAt + issued.refreshHardExpiresInSeconds * 1000,
  };
}

export function tokenSetFromExchange(
  input: { environment: IntuitEnvironment; realmId: string; issued: IssuedTokens; issuedAt: number; generation: number },
): TokenSet {
  return {
    environment: input.environment,
    realmId: input.realmId,
    ...expiriesFrom(input.issued, input.issuedAt),
    generation: input.generation,
  };
}

/**
 * The set after a refresh that sent `current.refreshToken`. Whatever refresh token came back is
 * kept, every time; the one it replaced is never kept, so it can never be sent again.
 */
export function tokenSetAfterRefresh(current: TokenSet, issued: IssuedTokens, issuedAt: number): TokenSet {
  const next = expiriesFrom(issued, issuedAt);
  return {
    ...current,
    ...next,
    refreshHardExpiresAt: next.refreshHardExpiresAt ?? current.refreshHardExpiresAt,
    generation: current.generation + 1,
  };
}

export function companyTimesOf(tokenSet: TokenSet, refreshedAt: number) {
  return {
    lastRefreshAt: refreshedAt,
    accessExpiresAt: tokenSet.accessExpiresAt,
    refreshExpiresAt: tokenSet.refreshExpiresAt,
    refreshHardExpiresAt: tokenSet.refreshHardExpiresAt,
    tokenGeneration: tokenSet.generation,
  };
}
