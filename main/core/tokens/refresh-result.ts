import type { Cause } from '../diagnosis/causes';

/** Why a company is backing off; none of these ever marks it as needing reconnect. */
export type RetryReason = 'network' | 'intuit_error' | 'throttled' | 'outage' | 'busy' | 'configuration' | 'keychain' | 'database';

/** The end of one refresh as the rest of the app sees it. */
export type RefreshResult =
  | { readonly kind: 'refreshed'; readonly accessExpiresAt: number; readonly refreshExpiresAt: number }
  | { readonly kind: 'already_fresh'; readonly accessExpiresAt: number; readonly refreshExpiresAt: number }
  | { readonly kind: 'needs_reconnect'; readonly cause: Cause }
  | { readonly kind: 'retrying'; readonly reason: RetryReason; readonly retryAt: number; readonly detail: string }
  | { readonly kind: 'unknown_company' };

export type AccessTokenResult =
  | { readonly kind: 'token'; readonly accessToken: string; readonly expiresAt: number }
  | Exclude<RefreshResult, { kind: 'refreshed' | 'already_fresh' }>;
