import type { Cause } from '../diagnosis/causes';
import type { IntuitEnvironment } from '../storage/intuit-environment';

/** Every step of one connect attempt; each result names the company by name when it has one. */
export type AttemptState =
  | { readonly step: 'waiting_for_browser' }
  | { readonly step: 'exchanging' }
  | { readonly step: 'connected'; readonly companyId: string; readonly companyName: string; readonly recovered: boolean }
  | {
      readonly step: 'realm_mismatch';
      readonly expectedCompanyId: string;
      readonly expectedCompanyName: string;
      readonly returnedRealmId: string;
    }
  | { readonly step: 'failed'; readonly cause: Cause; readonly detail: string | undefined }
  | { readonly step: 'cancelled' }
  | { readonly step: 'expired' };

/** The states an attempt never leaves. */
export type FinalAttemptState = Extract<AttemptState, { readonly step: 'connected' | 'failed' | 'cancelled' | 'expired' }>;

export interface AttemptSnapshot {
  readonly attemptId: string;
  readonly environment: IntuitEnvironment;
  /** The company being repaired, when this attempt is a reconnect. */
  readonly targetCompanyId: string | undefined;
  readonly startedAt: number;
  readonly expiresAt: number;
  readonly state: AttemptState;
}

/** Settled for its waiters: nothing more happens without the bookkeeper (a realm mismatch waits for a decision). */
export function isSettled(state: AttemptState): boolean {
  return state.step !== 'waiting_for_browser' && state.step !== 'exchanging';
}

export function isFinal(state: AttemptState): state is FinalAttemptState {
  switch (state.step) {
    case 'connected':
    case 'failed':
    case 'cancelled':
    case 'expired':
      return true;
    case 'waiting_for_browser':
    case 'exchanging':
    case 'realm_mismatch':
      return false;
  }
}
