export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Intuit authenticates the client by HTTP Basic on both the token and revocation endpoints. */
export function basicAuthorization(credentials: ClientCredentials): string {
  const pair = `${credentials.clientId}:${credentials.clientSecret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
