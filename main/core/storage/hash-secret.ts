import { createHash } from 'node:crypto';

/**
 * SHA-256 of a secret (token, code, state, client id), as lowercase hex. Only this value is
 * stored; the secret itself stays in memory or the keychain.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const displayHashLength = 12;

/** A short prefix of a hash, enough to tell entries apart in a log or a support request. */
export function displayHash(hash: string): string {
  return hash.slice(0, displayHashLength);
}

/** The display form straight from the secret, e.g. the client-id fingerprint shown in settings. */
export function secretFingerprint(secret: string): string {
  return displayHash(hashSecret(secret));
}
