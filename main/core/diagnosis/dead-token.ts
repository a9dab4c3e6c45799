import type { Company } from '../storage/company-repository';
import type { Cause } from './causes';

/**
 * The cause of a flagged company whose stored refresh token must never be sent again: Intuit
 * replaced it (its answer was lost, then it was refused), its horizon passed, or it belongs to
 * other keys. Other flagged companies may be asked again (a re-check after an outage).
 */
export function deadTokenCause(company: Company | undefined): Cause | undefined {
  if (company?.status !== 'needs_reconnect' || company.cause === null) return undefined;
  const cause = company.cause as Cause;
  return cause === 'answer_lost' || cause === 'expired_refresh_token' || cause === 'hard_cap_expired' || cause === 'wrong_environment' ? cause : undefined;
}
