export { intuitEnvironments, type IntuitEnvironment } from '../storage/intuit-environment';

export const redirectModes = ['loopback', 'custom-protocol'] as const;
export type RedirectMode = (typeof redirectModes)[number];

/** `process.env`, or a plain record in tests. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** Where a resolved value came from, so `realmkeeper config get` can say where to change it. */
export type ValueSource =
  | { kind: 'env'; variable: string }
  | { kind: 'file'; path: string; key: string }
  | { kind: 'default' };

export interface Sourced<T> {
  value: T;
  source: ValueSource;
}

/** An environment variable's value, treating an empty or blank one as unset. */
export function readVariable(env: EnvironmentVariables, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
