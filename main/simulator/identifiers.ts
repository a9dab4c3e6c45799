import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

const alphanumerics = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const lowercaseAlphanumerics = 'abcdefghijklmnopqrstuvwxyz0123456789';

export type RefreshTokenFormat = 'RT1' | 'AB1';

export function randomString(length: number, alphabet: string = alphanumerics): string {
  let result = '';
  for (let index = 0; index < length; index += 1) {
    result += alphabet.charAt(randomInt(alphabet.length));
  }
  return result;
}

function unixTimeDigits(nowSeconds: number): string {
  return String(Math.max(0, Math.floor(nowSeconds))).padStart(10, '0').slice(-10);
}

/** Intuit's older code and refresh token shape: `AB1` + 10-digit Unix time + 37 alphanumerics = 50. */
export function createAbToken(nowSeconds: number): string {
  return `AB1${unixTimeDigits(nowSeconds)}${randomString(37)}`;
}

export function createAuthorizationCode(nowSeconds: number): string {
  return createAbToken(nowSeconds);
}

/** Newer refresh tokens look like `RT1-181-H0-1737399432jx0tavtt3wh1qo3qimvi` (41 characters). */
export function createRefreshTokenValue(format: RefreshTokenFormat, nowSeconds: number): string {
  if (format === 'AB1') {
    return createAbToken(nowSeconds);
  }
  const shard = String(randomInt(100, 1000));
  return `RT1-${shard}-H0-${unixTimeDigits(nowSeconds)}${randomString(20, lowercaseAlphanumerics)}`;
}

function base64Url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

const accessTokenHeader = base64Url(Buffer.from('{"enc":"A128CBC-HS256","alg":"dir"}'));

/**
 * A compact JWE with `alg: dir` (empty key part), like Intuit's, 600–900 characters in all, so
 * that clients which size their storage for short tokens fail here as they would with Intuit.
 */
export function createAccessTokenValue(): string {
  const initializationVector = base64Url(randomBytes(16));
  const tag = base64Url(randomBytes(16));
  const fixedLength = accessTokenHeader.length + 4 + initializationVector.length + tag.length;
  const targetLength = randomInt(600, 901);
  const cipherTextLength = targetLength - fixedLength;
  const cipherText = base64Url(randomBytes(Math.ceil((cipherTextLength * 3) / 4) + 3)).slice(0, cipherTextLength);
  return `${accessTokenHeader}..${initializationVector}.${cipherText}.${tag}`;
}

/** Shaped like Intuit's `intuit_tid`: `1-` + 8 hex of the time + `-` + 24 hex. */
export function createIntuitTid(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, '0').slice(-8);
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/** A short, stable fingerprint for logs: enough to tell tokens apart, useless to replay. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16);
}

export function createSubject(): string {
  return randomUUID();
}

export function createRealmId(environment: 'sandbox' | 'production', taken: ReadonlySet<string>): string {
  for (;;) {
    const candidate =
      environment === 'sandbox' ? `9341${randomString(12, '0123456789')}` : `${randomInt(1, 10)}${randomString(18, '0123456789')}`;
    if (!taken.has(candidate)) {
      return candidate;
    }
  }
}
