import type { ServerResponse, IncomingMessage } from 'node:http';
import type { Environment } from './environment';
import { checkAccessToken } from './grants';
import { bearerToken, sendJson } from './http-helpers';
import type { SimulatorState } from './simulator-state';

/** Intuit's UserInfo is camelCase (`givenName`, `emailVerified`), not OIDC's snake_case. */
export function handleUserInfo(state: SimulatorState, environment: Environment, request: IncomingMessage, response: ServerResponse): void {
  const check = checkAccessToken(state, bearerToken(request));
  if (check.kind === 'invalid' || check.connection.environment !== environment) {
    sendJson(response, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    return;
  }
  const scopes = check.connection.scopes;
  if (!scopes.includes('openid')) {
    sendJson(response, 403, { error: 'insufficient_scope' }, { 'www-authenticate': 'Bearer error="insufficient_scope"' });
    return;
  }
  const user = state.user;
  const body: Record<string, unknown> = { sub: user.sub };
  if (scopes.includes('email')) {
    body.email = user.email;
    body.emailVerified = true;
  }
  if (scopes.includes('profile')) {
    body.givenName = user.givenName;
    body.familyName = user.familyName;
  }
  if (scopes.includes('phone')) {
    body.phoneNumber = user.phoneNumber;
    body.phoneNumberVerified = true;
  }
  if (scopes.includes('address')) {
    body.address = { streetAddress: '2700 Coast Ave', locality: 'Mountain View', region: 'CA', postalCode: '94043', country: 'US' };
  }
  sendJson(response, 200, body);
}
