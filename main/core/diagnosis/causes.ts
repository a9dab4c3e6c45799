/**
 * Why a connection failed, as stable codes the UI, the event log and the tests share, each with
 * words a bookkeeper can act on. The first eight match the causes Intuit's simulator records.
 */
export type Cause =
  | 'code_reused'
  | 'code_expired'
  | 'redirect_mismatch'
  | 'wrong_environment'
  | 'stale_refresh_token'
  | 'expired_refresh_token'
  | 'hard_cap_expired'
  | 'revoked'
  | 'outage'
  | 'answer_lost'
  | 'exchange_outcome_unknown'
  | 'code_rejected'
  | 'intuit_unreachable'
  | 'keychain_unavailable'
  | 'exchange_interrupted'
  | 'tokens_missing'
  | 'invalid_client'
  | 'access_denied';

export interface CauseExplanation {
  readonly summary: string;
  readonly fix: string;
}

const explanations: Readonly<Record<Cause, CauseExplanation>> = {
  code_reused: {
    summary: 'The sign-in answer from Intuit was used twice, and Intuit cancelled the connection to protect it.',
    fix: 'Reconnect the company once, and close the browser tab when it says the company is connected.',
  },
  code_expired: {
    summary: 'The sign-in took longer than the 10 minutes Intuit allows.',
    fix: 'Start connecting again and finish in the browser within 10 minutes.',
  },
  redirect_mismatch: {
    summary: "The return address sent to Intuit is not exactly the one registered in your Intuit app.",
    fix: 'In Settings, make the redirect URI match the one in your Intuit app character for character, then reconnect.',
  },
  wrong_environment: {
    summary: 'This company was connected with other Intuit keys (sandbox and production keys do not mix).',
    fix: 'Use the keys of the environment the company was connected with, or reconnect it with the current keys.',
  },
  stale_refresh_token: {
    summary: 'An out-of-date copy of the connection was used after Intuit had already replaced it.',
    fix: 'Reconnect the company. If another program also refreshes it, let Realmkeeper be the only one.',
  },
  expired_refresh_token: {
    summary: 'The connection went unused for about 100 days, so Intuit let it expire.',
    fix: 'Reconnect the company. Keep Realmkeeper running at least once a week so it stays refreshed.',
  },
  hard_cap_expired: {
    summary: 'The connection reached Intuit\'s five-year limit, after which a new consent is always needed.',
    fix: 'Reconnect the company to give a new consent.',
  },
  revoked: {
    summary: 'Someone disconnected Realmkeeper from this company in QuickBooks, or the connection was revoked.',
    fix: 'Reconnect the company, signing in with a user who may connect apps to it.',
  },
  outage: {
    summary: "Intuit's sign-in service is refusing connections that were working. This looks like an Intuit outage.",
    fix: 'Nothing to do yet: Realmkeeper keeps retrying and tells you if a company really needs reconnecting.',
  },
  answer_lost: {
    summary: "A refresh answer from Intuit was lost in transit, and Intuit had already replaced the connection's key.",
    fix: 'Reconnect the company. This was a network problem, not something you did.',
  },
  exchange_outcome_unknown: {
    summary: "Intuit's answer to the sign-in never arrived, and a sign-in answer may only be used once.",
    fix: 'Start connecting the company again.',
  },
  code_rejected: {
    summary: 'Intuit refused the sign-in answer.',
    fix: 'Start connecting again. If it happens again, check the redirect URI and keys in Settings.',
  },
  intuit_unreachable: {
    summary: 'Intuit could not be reached from this computer.',
    fix: 'Check the internet connection, then start connecting again.',
  },
  keychain_unavailable: {
    summary: "The system keychain did not accept the connection's keys, so nothing was saved.",
    fix: 'Unlock or start the system keychain (see Settings), then connect the company again.',
  },
  exchange_interrupted: {
    summary: 'Something on this computer (its settings, database or keychain) failed while the company was being connected.',
    fix: 'Check that the system keychain is unlocked and that no other copy of Realmkeeper is busy with its database, then connect the company again.',
  },
  tokens_missing: {
    summary: "The connection's keys are no longer in the system keychain (it was reset, or the entry was deleted).",
    fix: 'Reconnect the company.',
  },
  invalid_client: {
    summary: 'Intuit did not accept the app keys (client id or secret) in Settings.',
    fix: 'Check the client id and secret in Settings against the Keys page of your Intuit app.',
  },
  access_denied: {
    summary: 'The connection was cancelled on the Intuit page.',
    fix: 'Start connecting again and choose Connect on the Intuit page.',
  },
};

export function explainCause(cause: Cause): CauseExplanation {
  return explanations[cause];
}

export const allCauses = Object.keys(explanations) as Cause[];
