export type Environment = 'sandbox' | 'production';

export const environments: readonly Environment[] = ['sandbox', 'production'];

export function otherEnvironment(environment: Environment): Environment {
  return environment === 'sandbox' ? 'production' : 'sandbox';
}
