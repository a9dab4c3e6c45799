/** Short names for the invalid_grant causes, for the chart and the event history. */
const labels: Readonly<Record<string, string>> = {
  code_reused: 'Sign-in used twice',
  code_expired: 'Sign-in took too long',
  redirect_mismatch: 'Return address mismatch',
  wrong_environment: 'Sandbox/production keys mixed',
  stale_refresh_token: 'Out-of-date copy used',
  expired_refresh_token: 'Unused for 100 days',
  hard_cap_expired: "Intuit's 5-year limit",
  revoked: 'Disconnected in QuickBooks',
  outage: 'Intuit outage',
  answer_lost: 'Answer lost in transit',
  exchange_outcome_unknown: 'Sign-in answer never arrived',
  code_rejected: 'Sign-in refused',
  intuit_unreachable: 'Intuit unreachable',
  keychain_unavailable: 'Keychain unavailable',
  exchange_interrupted: 'Stopped on this computer',
  tokens_missing: 'Keys missing from keychain',
  invalid_client: 'App keys refused',
  access_denied: 'Cancelled on the Intuit page',
};

export function causeLabel(cause: string | null): string {
  if (cause === null) return 'Unknown cause';
  return labels[cause] ?? cause.replace(/_/g, ' ');
}

const kindLabels: Readonly<Record<string, string>> = {
  refresh: 'Refresh',
  refreshed: 'Refreshed',
  token_exchange: 'Sign-in completed at Intuit',
  connection_test: 'Connection test',
  company_connected: 'Connected',
  company_reconnected: 'Reconnected',
  company_recovered: 'Reconnected after a problem',
  company_disconnected: 'Disconnected',
  needs_reconnect: 'Needs reconnect',
  transient: 'Intuit did not answer',
  outage_suspected: 'Intuit outage suspected',
  expiry_warning: 'Expiry warning',
  configuration_rejected: 'Settings refused by Intuit',
};

export function eventKindLabel(kind: string): string {
  return kindLabels[kind] ?? kind.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
}
