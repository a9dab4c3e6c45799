import type { RefreshJournalEntry } from '../storage/refresh-journal';
import type { TokenSet } from '../tokens/token-set';
import type { Cause } from './causes';

export interface RefreshRejectionFacts {
  readonly now: number;
  /** The token set whose refresh token was refused, as read under the lease. */
  readonly tokenSet: TokenSet;
  /** The fingerprint of the client id that connected the company, and of the one in use now. */
  readonly connectedWithClient: string;
  readonly currentClient: string;
  /** Hash of the refresh token that was refused. */
  readonly sentHash: string;
  /** The company's refresh journal, newest first. */
  readonly journal: readonly RefreshJournalEntry[];
}

/**
 * Intuit's `invalid_grant` never says why; the engine's own records do. Checked from the most
 * specific record to the least: a lost answer for this very token, the client that created the
 * connection, the 5-year cap, the ~100-day inactivity limit; what remains is a revocation.
 */
export function diagnoseRefreshRejection(facts: RefreshRejectionFacts): Cause {
  if (answerWasLost(facts)) return 'answer_lost';
  if (facts.connectedWithClient !== facts.currentClient) return 'wrong_environment';
  const { tokenSet, now } = facts;
  if (tokenSet.refreshHardExpiresAt !== null && now >= tokenSet.refreshHardExpiresAt) return 'hard_cap_expired';
  if (now >= tokenSet.refreshExpiresAt) return 'expired_refresh_token';
  return 'revoked';
}

/**
 * The refused token was sent before, and that earlier request's answer never arrived (or the
 * process died waiting): Intuit acted on it and rotated the token, and the new one was lost.
 */
function answerWasLost(facts: RefreshRejectionFacts): boolean {
  for (const entry of facts.journal) {
    if (entry.refreshTokenHash !== facts.sentHash) continue;
    if (entry.outcome === 'succeeded') return false;
    if (entry.outcome === 'unknown' || entry.outcome === 'sent') return true;
  }
  return false;
}
