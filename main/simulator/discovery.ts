import type { Environment } from './environment';

export const discoveryPaths: Readonly<Record<Environment, string>> = {
  sandbox: '/.well-known/openid_sandbox_configuration',
  production: '/.well-known/openid_configuration',
};

export const authorizationPath = '/connect/oauth2';
export const tokenPath = '/oauth2/v1/tokens/bearer';
export const revocationPath = '/v2/oauth2/tokens/revoke';
export const jwksPath = '/op/v1/jwks';

export const userInfoPaths: Readonly<Record<Environment, string>> = {
  sandbox: '/sandbox-accounts/v1/openid_connect/userinfo',
  production: '/accounts/v1/openid_connect/userinfo',
};

/** Stand-ins for sandbox-quickbooks.api.intuit.com and quickbooks.api.intuit.com. */
export const apiBasePaths: Readonly<Record<Environment, string>> = {
  sandbox: '/sandbox-quickbooks',
  production: '/quickbooks',
};

export function discoveryDocument(origin: string, environment: Environment): Record<string, unknown> {
  return {
    issuer: `${origin}/op/v1`,
    authorization_endpoint: `${origin}${authorizationPath}`,
    token_endpoint: `${origin}${tokenPath}`,
    userinfo_endpoint: `${origin}${userInfoPaths[environment]}`,
    revocation_endpoint: `${origin}${revocationPath}`,
    jwks_uri: `${origin}${jwksPath}`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'address', 'phone'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    claims_supported: ['aud', 'exp', 'iat', 'iss', 'realmid', 'sub'],
  };
}
