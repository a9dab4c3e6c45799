import { redactionMarker } from './redaction-marker';
import { redact } from './redact-text';
import { isAmbiguousKey, isIdentifierLike, isSecretKey } from './sensitive-keys';

/**
 * A deep copy of `value` that is safe to log: values under secret-named keys are replaced, and
 * every string anywhere is passed through `redact` for token-shaped values. Never mutates the input.
 */
export function redactValue(value: unknown): unknown {
  return redactNode(value, new WeakSet());
}

function redactNode(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') {
    return redact(value);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (seen.has(value)) {
    return '[circular]';
  }
  seen.add(value);
  if (Array.isArray(value)) {
    return value.map((item) => redactNode(item, seen));
  }
  if (value instanceof Date) {
    return new Date(value.getTime());
  }
  if (value instanceof URL || value instanceof URLSearchParams) {
    return redact(value.toString());
  }
  if (value instanceof Map) {
    return new Map([...value].map(([key, item]) => [key, redactEntry(String(key), item, seen)]));
  }
  const copy: Record<string, unknown> = {};
  if (value instanceof Error) {
    // Own properties of an Error (`message`, `stack`) are not enumerable: copy them explicitly.
    copy['name'] = value.name;
    copy['message'] = redact(value.message);
    if (value.stack !== undefined) {
      copy['stack'] = redact(value.stack);
    }
    if (value.cause !== undefined) {
      copy['cause'] = redactNode(value.cause, seen);
    }
  }
  for (const [key, item] of Object.entries(value)) {
    copy[key] = redactEntry(key, item, seen);
  }
  return copy;
}

function redactEntry(key: string, item: unknown, seen: WeakSet<object>): unknown {
  if (!isSecretKey(key)) {
    return redactNode(item, seen);
  }
  if (typeof item === 'string' || typeof item === 'number' || typeof item === 'bigint') {
    const text = String(item);
    if (text === '' || (isAmbiguousKey(key) && isIdentifierLike(text))) {
      return item;
    }
    return redactionMarker(text);
  }
  return redactNode(item, seen);
}
