import { z } from 'zod';
import { secureEndpointProblem } from './endpoint-url';

/** The endpoints Realmkeeper uses from an OpenID discovery document (INTUIT.md §1). */
export interface DiscoveryDocument {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  userinfoEndpoint: string;
  jwksUri: string;
}

const endpoint = z.string().superRefine((value, context) => {
  const problem = secureEndpointProblem(value);
  if (problem !== undefined) {
    context.addIssue({ code: 'custom', message: problem });
  }
});

/** Loose: Intuit's document carries more fields than these, and may gain more. */
export const discoveryDocumentSchema = z
  .object({
    issuer: z.string().min(1),
    authorization_endpoint: endpoint,
    token_endpoint: endpoint,
    revocation_endpoint: endpoint,
    userinfo_endpoint: endpoint,
    jwks_uri: endpoint,
  })
  .transform(
    (document): DiscoveryDocument => ({
      issuer: document.issuer,
      authorizationEndpoint: document.authorization_endpoint,
      tokenEndpoint: document.token_endpoint,
      revocationEndpoint: document.revocation_endpoint,
      userinfoEndpoint: document.userinfo_endpoint,
      jwksUri: document.jwks_uri,
    }),
  );
