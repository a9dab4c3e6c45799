import { isIntuitEnvironment } from './intuit-environment';
import type { IntuitEnvironment } from './intuit-environment';

/**
 * Narrowing helpers for rows: better-sqlite3 returns `unknown`, and a value the schema should
 * have prevented is a bug worth a loud error, not a cast.
 */
export function textColumn(row: Record<string, unknown>, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') {
    throw new TypeError(`Column ${column} is ${typeof value}, expected text`);
  }
  return value;
}

export function nullableTextColumn(row: Record<string, unknown>, column: string): string | null {
  const value = row[column];
  return value === null ? null : textColumn(row, column);
}

export function integerColumn(row: Record<string, unknown>, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`Column ${column} is ${typeof value}, expected an integer`);
  }
  return value;
}

export function nullableIntegerColumn(row: Record<string, unknown>, column: string): number | null {
  const value = row[column];
  return value === null ? null : integerColumn(row, column);
}

export function oneOfColumn<T extends string>(
  row: Record<string, unknown>,
  column: string,
  allowed: readonly T[],
): T {
  const value = textColumn(row, column);
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new TypeError(`Column ${column} holds unexpected value ${JSON.stringify(value)}`);
  }
  return match;
}

export function environmentColumn(row: Record<string, unknown>, column: string): IntuitEnvironment {
  const value = textColumn(row, column);
  if (!isIntuitEnvironment(value)) {
    throw new TypeError(`Column ${column} holds unexpected environment ${JSON.stringify(value)}`);
  }
  return value;
}

export function asRow(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError('Expected a row object');
  }
  return value as Record<string, unknown>;
}
