import { createHash } from 'node:crypto';
import { z } from 'zod';
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

const timestamp = z.number().int().nonnegative();
const refreshToken = z.string().min(1).max(refreshTokenMaxLength);
const accessToken = z.string().min(1).max(1 << 20);
const realmId = z.string().regex(/^\d{1,32}$/);

/** Version 1: one entry with everything, and the refresh token it replaced. Read, never written. */
const versionOneSchema = z.strictObject({
  v: z.literal(1),
  e: z.enum(intuitEnvironments),
  r: realmId,
  a: accessToken,
  ae: timestamp,
  t: z.string().min(1).max(4096),
  te: timestamp,
  he: timestamp.nullable(),
  g: z.number().int().nonnegative(),
  p: z.string().min(1).max(4096).nullable(),
});

/**
 * The grant entry: the one record of which token set is current. One keychain write replaces it
 * whole. The access token rides inside it when it fits; a larger one lives in `x` parts beside it.
 */
const grantSchema = z.strictObject({
  v: z.literal(2),
  e: z.enum(intuitEnvironments),
  r: realmId,
  g: z.number().int().nonnegative(),
  t: refreshToken,
  te: timestamp,
  he: timestamp.nullable(),
  a: accessToken.optional(),
  ae: timestamp,
  x: z.number().int().min(1).max(512).optional(),
  i: timestamp.nullable(),
});

/** One part of an access token too large for the grant entry, tagged with the grant's generation. */
const accessPartSchema = z.strictObject({
  v: z.literal(2),
  g: z.number().int().nonnegative(),
  i: z.number().int().nonnegative(),
  n: z.number().int().min(1).max(512),
  h: z.string().regex(/^[0-9a-f]{16}$/),
  s: z.string().min(1),
});

type GrantEntry = z.infer<typeof grantSchema>;

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
  checked(grantSchema, inline);
  const inlineText = JSON.stringify(inline);
  if (byteLength(inlineText) <= credentialBlobLimitBytes) return { grant: inlineText, accessParts: [] };

  const slices = sliceText(tokenSet.accessToken, accessPartChars);
  const grant = JSON.stringify(checked(grantSchema, { ...base, x: slices.length }));
  if (byteLength(grant) > credentialBlobLimitBytes) {
    throw new KeychainError('keychain_entry_too_large', backend, { detail: `${byteLength(grant)} bytes, limit ${credentialBlobLimitBytes}` });
  }
  const hash = accessHash(tokenSet.accessToken);
  const accessParts = slices.map((slice, index) =>
    JSON.stringify(checked(accessPartSchema, { v: 2, g: tokenSet.generation, i: index, n: slices.length, h: hash, s: slice })),
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
    const entry = parseWith(versionOneSchema, parsed, backend);
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
  const entry = parseWith(grantSchema, parsed, backend);
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
    const part = accessPartSchema.safeParse(parseJsonOrUndefined(encoded));
    if (!part.success || part.data.g !== tokenSet.generation || part.data.i !== index || part.data.n !== parts.length) return missing;
    if (hash !== undefined && part.data.h !== hash) return missing;
    hash = part.data.h;
    slices.push(part.data.s);
  }
  const accessToken = slices.join('');
  return hash !== undefined && accessHash(accessToken) === hash ? { ...tokenSet, accessToken } : missing;
}

function accessHash(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

function checked<T>(schema: z.ZodType<T>, value: T): T {
  const result = schema.safeParse(value);
  // A bad token set here is a bug upstream; the paths name the fields, never their values.
  if (!result.success) throw new TypeError(`Refusing to store an invalid token set: ${issuePaths(result.error)}`);
  return result.data;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, backend: KeychainBackend): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new KeychainError('keychain_entry_malformed', backend, { detail: `invalid ${issuePaths(result.error)}` });
  return result.data;
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

function issuePaths(error: z.ZodError): string {
  const paths = error.issues.map((issue) => issue.path.map(String).join('.') || '(entry)');
  return [...new Set(paths)].join(', ');
}
