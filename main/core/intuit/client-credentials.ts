export type Environment = 'sandbox' | 'production';

export const environments: readonly Environment[] = ['sandbox', 'production'];

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}
