/** Realmkeeper needs the company (accounting) and who signed in (openid, profile, email). */
export const requestedScopes = ['com.intuit.quickbooks.accounting', 'openid', 'profile', 'email'] as const;

export interface AuthorizationUrlInput {
  readonly authorizationEndpoint: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
}

export function buildAuthorizationUrl(input: AuthorizationUrlInput): string {
  const url = new URL(input.authorizationEndpoint);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', requestedScopes.join(' '));
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  return url.toString();
}

/** What Intuit's redirect carries back, read without trusting any of it yet. */
export type CallbackParameters =
  | { readonly kind: 'code'; readonly state: string; readonly code: string; readonly realmId: string | undefined }
  | { readonly kind: 'error'; readonly state: string | undefined; readonly error: string; readonly description: string | undefined }
  | { readonly kind: 'malformed'; readonly reason: string };

const maximumParameterLength = 4096;

function single(parameters: URLSearchParams, name: string): string | undefined | null {
  const values = parameters.getAll(name);
  if (values.length === 0) return undefined;
  // Two values for one name is not something Intuit sends: refuse rather than pick one.
  if (values.length > 1) return null;
  const value = values[0] ?? '';
  return value.length === 0 || value.length > maximumParameterLength ? null : value;
}

export function readCallbackParameters(parameters: URLSearchParams): CallbackParameters {
  const state = single(parameters, 'state');
  const error = single(parameters, 'error');
  if (state === null) return { kind: 'malformed', reason: 'the state parameter is empty, repeated or too long' };
  if (error !== undefined) {
    if (error === null) return { kind: 'malformed', reason: 'the error parameter is empty, repeated or too long' };
    return { kind: 'error', state, error, description: single(parameters, 'error_description') ?? undefined };
  }
  if (state === undefined) return { kind: 'malformed', reason: 'the state parameter is missing' };
  const code = single(parameters, 'code');
  if (code === undefined || code === null) return { kind: 'malformed', reason: 'the code parameter is missing, empty or repeated' };
  const realmId = single(parameters, 'realmId');
  if (realmId === null || (realmId !== undefined && !/^[0-9]{1,32}$/.test(realmId))) {
    return { kind: 'malformed', reason: 'the realmId parameter is not a company id' };
  }
  return { kind: 'code', state, code, realmId };
}
