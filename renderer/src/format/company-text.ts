import type { CompanySummary } from '../../../preload/contract/api-contract';
import { daysUntil, formatRelative } from './relative-time';

/** One line on what happens to the connection if nothing is done. */
export function expiryText(company: CompanySummary, now: number): string | null {
  if (company.status === 'needs_reconnect' || company.status === 'disconnected') return null;
  const expires = company.refreshExpiresAt;
  if (expires === null) return null;
  if (expires <= now) return 'Connection expired';
  const hardCap = company.refreshHardExpiresAt;
  const days = daysUntil(expires, now);
  const capSoon = hardCap !== null && hardCap - now < 60 * 86_400_000;
  if (capSoon) return `Intuit's 5-year limit ends it ${formatRelative(hardCap, now)}`;
  if (days < 1) return 'Expires today if not refreshed';
  return `Expires in ${days} day${days === 1 ? '' : 's'} if not used`;
}

/** True when the expiry is close enough to say so in the warning colour. */
export function expirySoon(company: CompanySummary, now: number): boolean {
  return company.refreshExpiresAt !== null && company.refreshExpiresAt - now < 14 * 86_400_000;
}

export function retryText(company: CompanySummary, now: number): string | null {
  if (company.status !== 'retrying') return null;
  const when = company.retryAt === null ? 'soon' : company.retryAt <= now ? 'now' : formatRelative(company.retryAt, now);
  return `Intuit did not answer; trying again ${when}. Nothing to do yet.`;
}
