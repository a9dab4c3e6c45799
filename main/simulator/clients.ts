import { createHash, timingSafeEqual } from 'node:crypto';
import type { Environment } from './environment';

export interface ClientRegistration {
  readonly environment: Environment;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}

/** Fixed so that the README and the CLI can show them; override through the options. */
export const defaultClients: Readonly<Record<Environment, ClientRegistration>> = {
  sandbox: {
    environment: 'sandbox',
    clientId: 'ABvAtn5x62QpUkZGGZFc7Y3jclNNEWjxjzs6sVDEnibEFXAqHx',
    clientSecret: 'JCIqchlM3GEv6MNVfzRvrBS76fNUL6f8b3cbCqtg',
    redirectUris: [
      'http://localhost:8765/callback',
      'http://localhost:8766/callback',
      'https://relay.example.com/realmkeeper/callback',
    ],
  },
  production: {
    environment: 'production',
    clientId: 'ABs685yH5Ro3K68TUeHeNubEXfGl6cH5Ax4Ki82vflpZbpH0e1',
    clientSecret: 'tDKDsDWOCsnMjjf5cU2KHVma2UeBI0z8ujlZVXH0',
    redirectUris: ['https://relay.example.com/realmkeeper/callback'],
  },
};

/**
 * What Intuit's developer portal would refuse to register, or null. HTTPS only, no IP address,
 * no query or fragment; development (sandbox) keys may also use http://localhost.
 */
export function redirectUriProblem(environment: Environment, uri: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return `${uri} is not an absolute URL`;
  }
  if (parsed.search !== '' || parsed.hash !== '' || uri.includes('?') || uri.includes('#')) {
    return `${uri} has a query or fragment; extra values belong in state`;
  }
  const host = parsed.hostname;
  const isLocalhost = host === 'localhost';
  if (parsed.protocol === 'http:' && isLocalhost && environment === 'sandbox') {
    return null;
  }
  if (parsed.protocol !== 'https:') {
    return environment === 'sandbox'
      ? `${uri}: only https, or http://localhost for development keys`
      : `${uri}: production keys allow only https`;
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) {
    return `${uri}: IP addresses are not allowed`;
  }
  if (isLocalhost && environment === 'production') {
    return `${uri}: production keys cannot use localhost`;
  }
  return null;
}

export type ClientAuthentication =
  | { readonly kind: 'authenticated'; readonly client: ClientRegistration }
  | { readonly kind: 'rejected'; readonly claimedClientId: string | null };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

export class ClientRegistry {
  readonly #clients: readonly ClientRegistration[];

  constructor(clients: readonly ClientRegistration[]) {
    this.#clients = clients;
  }

  list(): readonly ClientRegistration[] {
    return this.#clients;
  }

  find(clientId: string): ClientRegistration | undefined {
    return this.#clients.find((client) => client.clientId === clientId);
  }

  /** HTTP Basic, as RFC 6749 §2.3.1 describes it (id and secret form-encoded, then base64). */
  authenticate(authorizationHeader: string | undefined): ClientAuthentication {
    const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorizationHeader ?? '');
    const encoded = match?.[1];
    if (encoded === undefined) {
      return { kind: 'rejected', claimedClientId: null };
    }
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 0) {
      return { kind: 'rejected', claimedClientId: null };
    }
    const clientId = safeDecode(decoded.slice(0, separator));
    const secret = safeDecode(decoded.slice(separator + 1));
    if (clientId === null || secret === null) {
      return { kind: 'rejected', claimedClientId: null };
    }
    return this.authenticateSecret(clientId, secret);
  }

  /**
   * `client_secret_post` (RFC 6749 §2.3.1): id and secret as form fields. Intuit's discovery
   * document lists it beside `client_secret_basic` for the token endpoint (INTUIT.md §1).
   */
  authenticateSecret(clientId: string, secret: string): ClientAuthentication {
    const client = this.find(clientId);
    if (client === undefined) {
      return { kind: 'rejected', claimedClientId: clientId.slice(0, 64) };
    }
    if (!timingSafeEqual(digest(secret), digest(client.clientSecret))) {
      return { kind: 'rejected', claimedClientId: clientId };
    }
    return { kind: 'authenticated', client };
  }
}
