import { basicAuthorization, type ClientCredentials } from './client-credentials';

/** A token-endpoint request, built apart from sending it so each half can be tested alone. */
export interface TokenRequest {
  readonly url: string;
  readonly grantType: 'authorization_code' | 'refresh_token';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function tokenHeaders(credentials: ClientCredentials): Record<string, string> {
  return {
    authorization: basicAuthorization(credentials),
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
    // Asks Intuit for the 5-year cap so the horizon is read, never assumed.
    'x-include-refresh-token-hard-expires-in': 'true',
  };
}

export function buildCodeExchangeRequest(
  tokenEndpoint: string,
  credentials: ClientCredentials,
  code: string,
  redirectUri: string,
): TokenRequest {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  return { url: tokenEndpoint, grantType: 'authorization_code', headers: tokenHeaders(credentials), body: body.toString() };
}

export function buildRefreshRequest(
  tokenEndpoint: string,
  credentials: ClientCredentials,
  refreshToken: string,
): TokenRequest {
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  return { url: tokenEndpoint, grantType: 'refresh_token', headers: tokenHeaders(credentials), body: body.toString() };
}
