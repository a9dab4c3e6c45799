import type { ValueSource } from './config-types';

/** "where" for a message: the place the bookkeeper has to go to change the value. */
export function describeSource(source: ValueSource, key: string): string {
  switch (source.kind) {
    case 'env':
      return `the environment variable ${source.variable}`;
    case 'file':
      return `"${source.key}" in ${source.path}`;
    case 'default':
      return `the default for "${key}"`;
    default:
      return missingCase(source);
  }
}

/** How to change it, in the place it came from. */
export function describeFix(source: ValueSource, key: string): string {
  switch (source.kind) {
    case 'env':
      return `Change or unset the environment variable ${source.variable}`;
    case 'file':
    case 'default':
      return `Change "${key}" in Settings or with \`realmkeeper config set ${key} <value>\``;
    default:
      return missingCase(source);
  }
}

export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
