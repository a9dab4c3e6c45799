import { z } from 'zod';
import { intuitEnvironments } from '../storage/intuit-environment';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { KeychainBackend } from './keychain-backend';
import { KeychainError } from './keychain-error';

/** Everything one keychain entry holds for a company, so one write replaces all of it. */
export interface StoredTokenSet {
  readonly environment: IntuitEnvironment;
  readonly realmId: string;
  readonly accessToken: string;
  readonly accessExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: number;
  /** Intuit's 5-year cap, when its answer reported it. */
  readonly refreshHardExpiresAt: number | null;
  readonly generation: number;
  /** The refresh token this one replaced, kept until the new one has worked once. */
  readonly previousRefreshToken: string | null;
}

/**
 * Windows Credential Manager refuses a credential blob over 5 × 512 bytes, and keytar stores
 * the UTF-8 bytes of the string there. Every platform gets the same limit, so an entry that
 * works on Linux cannot fail on Windows.
 */
export const credentialBlobLimitBytes = 2560;

const entryVersion = 1;
const timestamp = z.number().int().nonnegative();
const token = z.string().min(1).max(4096);

/** Short keys keep a 2,000-character access token and two refresh tokens under the limit. */
const encodedEntrySchema = z.strictObject({
  v: z.literal(entryVersion),
  e: z.enum(intuitEnvironments),
  r: z.string().regex(/^\d{1,32}$/),
  a: token,
  ae: timestamp,
  t: token,
  te: timestamp,
  he: timestamp.nullable(),
  g: z.number().int().nonnegative(),
  p: token.nullable(),
});

type EncodedEntry = z.infer<typeof encodedEntrySchema>;

export function encodeTokenSet(tokenSet: StoredTokenSet, backend: KeychainBackend): string {
  const entry: EncodedEntry = {
    v: entryVersion,
    e: tokenSet.environment,
    r: tokenSet.realmId,
    a: tokenSet.accessToken,
    ae: tokenSet.accessExpiresAt,
    t: tokenSet.refreshToken,
    te: tokenSet.refreshExpiresAt,
    he: tokenSet.refreshHardExpiresAt,
    g: tokenSet.generation,
    p: tokenSet.previousRefreshToken,
  };
  const checked = encodedEntrySchema.safeParse(entry);
  if (!checked.success) {
    // A bad token set here is a bug upstream; the paths name the fields, never their values.
    throw new TypeError(`Refusing to store an invalid token set: ${issuePaths(checked.error)}`);
  }
  const encoded = JSON.stringify(entry);
  const bytes = Buffer.byteLength(encoded, 'utf8');
  if (bytes > credentialBlobLimitBytes) {
    throw new KeychainError('keychain_entry_too_large', backend, {
      detail: `${bytes} bytes, limit ${credentialBlobLimitBytes}`,
    });
  }
  return encoded;
}

/** Reads an entry back; anything that is not a valid token set is an error, never dropped. */
export function decodeTokenSet(encoded: string, backend: KeychainBackend): StoredTokenSet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(encoded);
  } catch (error) {
    throw new KeychainError('keychain_entry_malformed', backend, {
      cause: error,
      detail: 'not JSON',
    });
  }
  const checked = encodedEntrySchema.safeParse(parsed);
  if (!checked.success) {
    throw new KeychainError('keychain_entry_malformed', backend, {
      detail: `invalid ${issuePaths(checked.error)}`,
    });
  }
  const entry = checked.data;
  return {
    environment: entry.e,
    realmId: entry.r,
    accessToken: entry.a,
    accessExpiresAt: entry.ae,
    refreshToken: entry.t,
    refreshExpiresAt: entry.te,
    refreshHardExpiresAt: entry.he,
    generation: entry.g,
    previousRefreshToken: entry.p,
  };
}

function issuePaths(error: z.ZodError): string {
  const paths = error.issues.map((issue) => issue.path.map(String).join('.') || '(entry)');
  return [...new Set(paths)].join(', ');
}
