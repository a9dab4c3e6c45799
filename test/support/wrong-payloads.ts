import fc from 'fast-check';
import type { z } from 'zod';
import { requestSchemas, type Channel, type RequestOf } from '../../preload/contract/api-contract';

/**
 * One well-formed request per channel. Typed against the contract, so a channel added there
 * without an example here does not compile (and the tests that walk `channels` fail too).
 */
export const wellFormedRequests: { readonly [C in Channel]: RequestOf<C> } = {
  'companies:list': {},
  'companies:refresh': { companyId: 'sandbox-9130000000001' },
  'companies:test': { companyId: 'sandbox-9130000000001' },
  'companies:disconnect': { companyId: 'sandbox-9130000000001' },
  'companies:set-fixer': { companyId: 'sandbox-9130000000001', fixer: { name: 'Ann Example', email: 'ann@example.com' } },
  'companies:events': { companyId: 'sandbox-9130000000001', limit: 50, cursor: null },
  'connect:start': { environment: 'sandbox', targetCompanyId: 'sandbox-9130000000001' },
  'connect:cancel': { attemptId: 'attempt-1' },
  'connect:resolve-mismatch': { attemptId: 'attempt-1', choice: 'discard' },
  'connect:list': {},
  'settings:get': {},
  'settings:set': { key: 'sandbox.redirectUri', value: 'http://localhost:8765/callback' },
  'settings:set-secret': { environment: 'sandbox', secret: 'JCIqchlM3GEv6MNVfzRvrBS76fNUL6f8b3cbCqtg' },
  'activity:summary': { days: 30 },
  'app:open-external': { url: 'https://developer.intuit.com/app/developer/dashboard' },
};

/** A payload of the wrong shape, and the field its refusal must name ('request' for the whole). */
export interface WrongPayload {
  readonly payload: unknown;
  readonly field: string;
}

/** Keys that reach prototypes when a parser or a merge is careless. */
const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

function fieldsOf(channel: Channel): Record<string, z.ZodType> {
  return (requestSchemas[channel] as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
}

/** Sets a key as an own, enumerable property, even `__proto__`, as JSON.parse and structured clone do. */
function withKey(base: object, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function without(base: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  delete copy[key];
  return copy;
}

/**
 * `json`: only what JSON can carry (the browser shell); otherwise anything structured clone can
 * (Electron's IPC): undefined, Maps, Sets, Dates, typed arrays, null-prototype objects, bigints.
 */
export function wrongPayload(channel: Channel, options: { json: boolean; maxHuge: number }): fc.Arbitrary<WrongPayload> {
  const base = wellFormedRequests[channel];
  const fields = fieldsOf(channel);
  const names = Object.keys(fields);
  const value: fc.Arbitrary<unknown> = options.json
    ? fc.jsonValue({ maxDepth: 2 })
    : fc.anything({ maxDepth: 2, withMap: true, withSet: true, withDate: true, withTypedArray: true, withNullPrototype: true, withBigInt: true, withSparseArray: true });
  const huge = fc.integer({ min: 5_000, max: options.maxHuge }).map((length) => 'x'.repeat(length));
  const pollution = fc.constantFrom(...prototypeKeys).map((key) => withKey({}, key, { polluted: true }));
  const fieldValue = fc.oneof(value, huge, pollution);

  const notAnObject = (options.json ? fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean(), fc.array(value, { maxLength: 3 })) : value.filter((candidate) => typeof candidate !== 'object' || candidate === null || Array.isArray(candidate))).map(
    (payload): WrongPayload => ({ payload, field: 'request' }),
  );
  const extraKey = fc
    .tuple(fc.oneof(fc.constantFrom(...prototypeKeys), fc.string({ minLength: 1, maxLength: 20 }), huge.map((text) => text.slice(0, 2_000))), fieldValue)
    .filter(([key]) => !names.includes(key))
    .map(([key, extra]): WrongPayload => ({ payload: withKey(base, key, extra), field: key }));
  const variants: Array<fc.Arbitrary<WrongPayload>> = [notAnObject, extraKey];
  if (names.length > 0) {
    const wrongValue = fc
      .tuple(fc.constantFrom(...names), fieldValue)
      .filter(([name, candidate]) => !(fields[name]?.safeParse(candidate).success ?? true))
      .map(([name, candidate]): WrongPayload => ({ payload: withKey(base, name, candidate), field: name }));
    variants.push(wrongValue);
    const required = names.filter((name) => !(fields[name]?.safeParse(undefined).success ?? true));
    if (required.length > 0) variants.push(fc.constantFrom(...required).map((name): WrongPayload => ({ payload: without(base, name), field: name })));
  }
  return fc.oneof(...variants);
}
