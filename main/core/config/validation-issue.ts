import type { IntuitEnvironment } from './config-types';

export type ValidationIssueCode =
  | 'client_id_missing'
  | 'client_id_length'
  | 'client_id_characters'
  | 'client_secret_missing'
  | 'client_secret_length'
  | 'client_secret_unavailable'
  | 'discovery_url_invalid'
  | 'api_base_url_invalid'
  | 'api_base_url_still_intuit'
  | 'redirect_uri_missing'
  | 'redirect_uri_whitespace'
  | 'redirect_uri_unparseable'
  | 'redirect_uri_has_query'
  | 'redirect_uri_has_fragment'
  | 'redirect_uri_loopback_in_production'
  | 'redirect_uri_loopback_scheme'
  | 'redirect_uri_loopback_host'
  | 'redirect_uri_loopback_port_missing'
  | 'redirect_uri_loopback_port_invalid'
  | 'redirect_uri_loopback_ip'
  | 'redirect_uri_not_https'
  | 'redirect_uri_ip_address'
  | 'redirect_uri_localhost_in_production';

/** An error stops the connect flow before the browser opens; a warning is shown and allowed. */
export interface ValidationIssue {
  code: ValidationIssueCode;
  severity: 'error' | 'warning';
  environment: IntuitEnvironment;
  /** The setting to change, as `realmkeeper config set` names it. */
  key: string;
  message: string;
}

export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
