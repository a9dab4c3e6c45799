import type { ClientRegistration } from './clients';
import type { Company } from './companies';
import { createAuthorizationCode } from './identifiers';
import { knownScopes, parseScopes, scopesNeedCompany } from './scopes';
import type { SimulatorState } from './simulator-state';
import type { AuthorizationCodeRecord } from './store';

export const invalidRedirectUriMessage =
  "The redirect_uri query parameter value is invalid. Make sure it is listed in the Redirect URIs section on your app's keys tab and matches it exactly. Click here to learn more about the redirect_uri query parameter.";
export const invalidClientMessage = 'The client_id query parameter value is invalid. Make sure it matches the Client ID on your app\'s keys tab.';

export interface AuthorizationRequest {
  readonly client: ClientRegistration;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string | null;
  readonly companies: readonly Company[];
  readonly needsCompany: boolean;
}

/** What Intuit does with an authorization request before the user decides anything. */
export type AuthorizationEvaluation =
  | { readonly kind: 'error_page'; readonly message: string }
  | { readonly kind: 'redirect'; readonly redirectUrl: string }
  | { readonly kind: 'consent'; readonly request: AuthorizationRequest };

export type ConsentDecision = { readonly action: 'connect'; readonly realmId: string | null } | { readonly action: 'cancel' };

export type ConsentOutcome =
  | { readonly kind: 'redirect'; readonly redirectUrl: string }
  | { readonly kind: 'choose_company'; readonly message: string };

function only(parameters: URLSearchParams, name: string): string | null {
  const values = parameters.getAll(name);
  return values.length === 1 ? (values[0] ?? null) : null;
}

export function redirectWith(redirectUri: string, values: ReadonlyArray<readonly [string, string | null]>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of values) {
    if (value !== null) {
      url.searchParams.append(name, value);
    }
  }
  return url.toString();
}

export function evaluateAuthorizationRequest(state: SimulatorState, parameters: URLSearchParams): AuthorizationEvaluation {
  const clientId = only(parameters, 'client_id');
  const client = clientId === null ? undefined : state.clients.find(clientId);
  if (client === undefined) {
    return { kind: 'error_page', message: invalidClientMessage };
  }
  const redirectUri = only(parameters, 'redirect_uri');
  // Character for character: no normalising of case, trailing slashes or default ports.
  if (redirectUri === null || !client.redirectUris.includes(redirectUri)) {
    return { kind: 'error_page', message: invalidRedirectUriMessage };
  }
  const stateParameter = only(parameters, 'state');
  if (only(parameters, 'response_type') !== 'code') {
    return { kind: 'redirect', redirectUrl: redirectWith(redirectUri, [['error', 'unsupported_response_type'], ['state', stateParameter]]) };
  }
  const scopes = parseScopes(only(parameters, 'scope') ?? '');
  if (scopes.length === 0 || scopes.some((scope) => !knownScopes.has(scope))) {
    return { kind: 'redirect', redirectUrl: redirectWith(redirectUri, [['error', 'invalid_scope'], ['state', stateParameter]]) };
  }
  return {
    kind: 'consent',
    request: {
      client,
      redirectUri,
      scopes,
      state: stateParameter,
      companies: state.companies.list(client.environment),
      needsCompany: scopesNeedCompany(scopes),
    },
  };
}

export function completeConsent(state: SimulatorState, request: AuthorizationRequest, decision: ConsentDecision): ConsentOutcome {
  if (decision.action === 'cancel') {
    return { kind: 'redirect', redirectUrl: redirectWith(request.redirectUri, [['error', 'access_denied'], ['state', request.state]]) };
  }
  let realmId: string | null = null;
  if (request.needsCompany) {
    const company = request.companies.find((entry) => entry.realmId === decision.realmId);
    if (company === undefined) {
      return { kind: 'choose_company', message: 'Choose a company to connect.' };
    }
    realmId = company.realmId;
  }
  const nowMs = state.clock.nowMs();
  const record: AuthorizationCodeRecord = {
    value: createAuthorizationCode(Math.floor(nowMs / 1000)),
    clientId: request.client.clientId,
    environment: request.client.environment,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    realmId,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + state.settings.codeLifetimeSeconds * 1000,
    usedAtMs: null,
    connectionId: null,
  };
  state.store.codes.set(record.value, record);
  return {
    kind: 'redirect',
    redirectUrl: redirectWith(request.redirectUri, [
      ['code', record.value],
      ['state', request.state],
      ['realmId', realmId],
    ]),
  };
}
