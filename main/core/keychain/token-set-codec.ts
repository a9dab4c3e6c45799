import { createHash } from 'node:crypto';
import { intuitEnvironments } from '../storage/intuit-environment';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { KeychainBackend } from './keychain-backend';
import { KeychainError } from './keychain-error';

/** A company's tokens as the keychain holds them. */
export interface StoredTokenSet {
  readonly environment: IntuitEnvironment;
  readonly realmId: string;
  /** '' with `accessExpiresAt` 0 when no usable access token is stored (the next use refreshes). */
  readonly accessToken: string;
  readonly accessExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: number;
  /** Intuit's 5-year cap, when its answer reported it. */
  readonly refreshHardExpiresAt: number | null;
  /** Counts every token set the company has had; the grant entry's is the current one. */
  readonly generation: number;
  /** When Intuit issued this set (exchange or refresh); null for sets stored before it was kept. */
  readonly issuedAt: number | null;
}

/**
 * Windows Credential Manager refuses a credential blob over 5 × 512 bytes, and keytar stores
 * the UTF-8 bytes of the string there. Every platform gets the same limit, so an entry that
 * works on Linux cannot fail on Windows.
 */
export const credentialBlobLimitBytes = 2560;

/** Intuit's refresh tokens are 40–50 characters; this bound keeps the grant entry one write. */
export const refreshTokenMaxLength = 1_000;

/*
 * The entries' shapes, checked by hand rather than with zod (every `realmkeeper token` reads an
 * entry, and loading zod was a tenth of that command's start-up): strict objects, every field's
 * type, bounds and pattern, and the names of the fields that fail, never their values.
 */
type FieldCheck = (value: unknown) => boolean;
interface Shape {
  readonly required: Readonly<Record<string, FieldCheck>>;
  readonly optional?: Readonly<Record<string, FieldCheck>>;
}

function isWholeNumber(value: unknown, minimum = 0, maximum = Number.MAX_SAFE_INTEGER): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum && value <= maximum;
}

const timestamp: FieldCheck = (value) => isWholeNumber(value);
const nullableTimestamp: FieldCheck = (value) => value === null || timestamp(value);
function textOf(minimum: number, maximum: number, pattern?: RegExp): FieldCheck {
  return (value) => typeof value === 'string' && value.length >= minimum && value.length <= maximum && (pattern === undefined || pattern.test(value));
}
const literal =
  (expected: unknown): FieldCheck =>
  (value) =>
    value === expected;
const environment: FieldCheck = (value) => typeof value === 'string' && (intuitEnvironments as readonly string[]).includes(value);
const realmId = textOf(1, 32, /^\d{1,32}$/);
const refreshToken = textOf(1, refreshTokenMaxLength);
const accessToken = textOf(1, 1 << 20);

/** Version 1: one entry with everything, and the refresh token it replaced. Read, never written. */
const versionOneShape: Shape = {
  required: {
    v: literal(1),
    e: environment,
    r: realmId,
    a: accessToken,
    ae: timestamp,
    t: textOf(1, 4096),
    te: timestamp,
    he: nullableTimestamp,
    g: timestamp,
    p: (value) => value === null || textOf(1, 4096)(value),
  },
};

/**
 * The grant entry: the one record of which token set is current. One keychain write replaces it
 * whole. The access token rides inside it when it fits; a larger one lives in `x` parts beside it.
 */
const grantShape: Shape = {
  required: { v: literal(2), e: environment, r: realmId, g: timestamp, t: refreshToken, te: timestamp, he: nullableTimestamp, ae: timestamp, i: nullableTimestamp },
  optional: { a: accessToken, x: (value) => isWholeNumber(value, 1, 512) },
};

/** One part of an access token too large for the grant entry, tagged with the grant's generation. */
const accessPartShape: Shape = {
  required: { v: literal(2), g: timestamp, i: timestamp, n: (value) => isWholeNumber(value, 1, 512), h: textOf(16, 16, /^[0-9a-f]{16}$/), s: textOf(1, Number.MAX_SAFE_INTEGER) },
};

/** The names of the fields that fail the shape ('(entry)' when it is not an object at all). */
function shapeProblems(shape: Shape, value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['(entry)'];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [field, check] of Object.entries(shape.required)) if (!Object.hasOwn(record, field) || !check(record[field])) problems.push(field);
  for (const [field, check] of Object.entries(shape.optional ?? {})) if (Object.hasOwn(record, field) && record[field] !== undefined && !check(record[field])) problems.push(field);
  for (const field of Object.keys(record)) if (!Object.hasOwn(shape.required, field) && !Object.hasOwn(shape.optional ?? {}, field)) problems.push(field);
  return problems;
}

interface VersionOneEntry {
  readonly v: 1;
  readonly e: IntuitEnvironment;
  readonly r: string;
  readonly a: string;
  readonly ae: number;
  readonly t: string;
  readonly te: number;
  readonly he: number | null;
  readonly g: number;
  readonly p: string | null;
}

interface GrantEntry {
  readonly v: 2;
  readonly e: IntuitEnvironment;
  readonly r: string;
  readonly g: number;
  readonly t: string;
  readonly te: number;
  readonly he: number | null;
  readonly a?: string;
  readonly ae: number;
  readonly x?: number;
  readonly i: number | null;
}

interface AccessPart {
  readonly v: 2;
  readonly g: number;
  readonly i: number;
  readonly n: number;
  readonly h: string;
  readonly s: string;
}



export interface EncodedTokenSet {
  /** The grant entry, written first: once it lands the refresh token is safe. */
  readonly grant: string;
  /** Access-token parts to write after it, in order (empty when the access token is inline). */
  readonly accessParts: readonly string[];
}

/** Characters of access token per part, so a part stays well under the limit in UTF-8. */
const accessPartChars = 2_000;

export function encodeTokenSet(tokenSet: StoredTokenSet, backend: KeychainBackend): EncodedTokenSet {
  const base: GrantEntry = {
    v: 2,
    e: tokenSet.environment,
    r: tokenSet.realmId,
    g: tokenSet.generation,
    t: tokenSet.refreshToken,
    te: tokenSet.refreshExpiresAt,
    he: tokenSet.refreshHardExpiresAt,
    ae: tokenSet.accessExpiresAt,
    i: tokenSet.issuedAt,
  };
  const inline = tokenSet.accessToken === '' ? base : { ...base, a: tokenSet.accessToken };
  checked(grantShape, inline);
  const inlineText = JSON.stringify(inline);
  if (byteLength(inlineText) <= credentialBlobLimitBytes) return { grant: inlineText, accessParts: [] };

  const slices = sliceText(tokenSet.accessToken, accessPartChars);
  const grant = JSON.stringify(checked(grantShape, { ...base, x: slices.length }));
  if (byteLength(grant) > credentialBlobLimitBytes) {
    throw new KeychainError('keychain_entry_too_large', backend, { detail: `${byteLength(grant)} bytes, limit ${credentialBlobLimitBytes}` });
  }
  const hash = accessHash(tokenSet.accessToken);
  const accessParts = slices.map((slice, index) =>
    JSON.stringify(checked(accessPartShape, { v: 2, g: tokenSet.generation, i: index, n: slices.length, h: hash, s: slice } satisfies AccessPart)),
  );
  for (const part of accessParts) {
    if (byteLength(part) > credentialBlobLimitBytes) {
      throw new KeychainError('keychain_entry_too_large', backend, { detail: `an access-token part of ${byteLength(part)} bytes` });
    }
  }
  return { grant, accessParts };
}

export type DecodedGrant =
  | { readonly kind: 'complete'; readonly tokenSet: StoredTokenSet }
  /** The access token lives in `parts` entries beside the grant. */
  | { readonly kind: 'needs_access_parts'; readonly tokenSet: StoredTokenSet; readonly parts: number };

/** Reads a grant entry (either version); anything that is not one is an error, never dropped. */
export function decodeGrant(encoded: string, backend: KeychainBackend): DecodedGrant {
  const parsed = parseJson(encoded, backend);
  const version = typeof parsed === 'object' && parsed !== null ? (parsed as { v?: unknown }).v : undefined;
  if (version === 1) {
    const entry = parseWith<VersionOneEntry>(versionOneShape, parsed, backend);
    return {
      kind: 'complete',
      tokenSet: {
        environment: entry.e,
        realmId: entry.r,
        accessToken: entry.a,
        accessExpiresAt: entry.ae,
        refreshToken: entry.t,
        refreshExpiresAt: entry.te,
        refreshHardExpiresAt: entry.he,
        generation: entry.g,
        issuedAt: null,
      },
    };
  }
  const entry = parseWith<GrantEntry>(grantShape, parsed, backend);
  const tokenSet: StoredTokenSet = {
    environment: entry.e,
    realmId: entry.r,
    accessToken: entry.a ?? '',
    accessExpiresAt: entry.a === undefined ? 0 : entry.ae,
    refreshToken: entry.t,
    refreshExpiresAt: entry.te,
    refreshHardExpiresAt: entry.he,
    generation: entry.g,
    issuedAt: entry.i,
  };
  if (entry.a === undefined && entry.x !== undefined) {
    return { kind: 'needs_access_parts', tokenSet: { ...tokenSet, accessExpiresAt: entry.ae }, parts: entry.x };
  }
  return { kind: 'complete', tokenSet };
}

/**
 * Puts the access token back together from its parts. Parts written for another generation (a
 * crash between the grant and its parts), missing or not matching their hash give no access
 * token: the grant's refresh token still stands, so the next use simply refreshes.
 */
export function joinAccessParts(tokenSet: StoredTokenSet, parts: readonly (string | null)[]): StoredTokenSet {
  const missing: StoredTokenSet = { ...tokenSet, accessToken: '', accessExpiresAt: 0 };
  const slices: string[] = [];
  let hash: string | undefined;
  for (const [index, encoded] of parts.entries()) {
    if (encoded === null) return missing;
    const value = parseJsonOrUndefined(encoded);
    if (shapeProblems(accessPartShape, value).length > 0) return missing;
    const part = value as AccessPart;
    if (part.g !== tokenSet.generation || part.i !== index || part.n !== parts.length) return missing;
    if (hash !== undefined && part.h !== hash) return missing;
    hash = part.h;
    slices.push(part.s);
  }
  const accessToken = slices.join('');
  return hash !== undefined && accessHash(accessToken) === hash ? { ...tokenSet, accessToken } : missing;
}

function accessHash(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

function checked<T>(shape: Shape, value: T): T {
  const problems = shapeProblems(shape, value);
  // A bad token set here is a bug upstream; the names are the fields', never their values.
  if (problems.length > 0) throw new TypeError(`Refusing to store an invalid token set: ${problems.join(', ')}`);
  return value;
}

function parseWith<T>(shape: Shape, value: unknown, backend: KeychainBackend): T {
  const problems = shapeProblems(shape, value);
  if (problems.length > 0) throw new KeychainError('keychain_entry_malformed', backend, { detail: `invalid ${problems.join(', ')}` });
  return value as T;
}

function parseJson(encoded: string, backend: KeychainBackend): unknown {
  try {
    return JSON.parse(encoded);
  } catch (error) {
    throw new KeychainError('keychain_entry_malformed', backend, { cause: error, detail: 'not JSON' });
  }
}

function parseJsonOrUndefined(encoded: string): unknown {
  try {
    return JSON.parse(encoded);
  } catch {
    return undefined;
  }
}

function sliceText(text: string, size: number): string[] {
  const slices: string[] = [];
  for (let start = 0; start < text.length; start += size) slices.push(text.slice(start, start + size));
  return slices;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
