/**
 * Key names whose values are secrets, compared after lowercasing and dropping `_` and `-`, so that
 * `refresh_token`, `refreshToken` and `REFRESH-TOKEN` are one name.
 */
const secretKeySuffixes = ['token', 'secret', 'password', 'authorization'] as const;
const secretKeyNames = new Set(['code', 'state', 'authcode', 'authorizationcode', 'credentials']);

/** `code` and `state` also name ordinary things (error codes, a company's state): see `isIdentifierLike`. */
const ambiguousKeyNames = new Set(['code', 'state']);

export function normalizeKeyName(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export function isSecretKey(key: string): boolean {
  const normalized = normalizeKeyName(key);
  if (secretKeyNames.has(normalized)) {
    return true;
  }
  return secretKeySuffixes.some((suffix) => normalized.endsWith(suffix));
}

export function isAuthorizationKey(key: string): boolean {
  return normalizeKeyName(key).endsWith('authorization');
}

export function isAmbiguousKey(key: string): boolean {
  return ambiguousKeyNames.has(normalizeKeyName(key));
}

const lowerCaseWords = /^[a-z]+(?:[_-][a-z0-9]+)*$/;
const upperCaseWords = /^[A-Z]+(?:_[A-Z0-9]+)*$/;
const shortNumber = /^\d{1,9}$/;

/**
 * True for values such as `invalid_grant`, `needs-reconnect`, `ECONNREFUSED`, `ERR_INVALID_URL`,
 * `CA` or QBO's fault code `3200`: what `code` and `state` hold when they are not OAuth values.
 * Single-case words only: a random token is mixed-case or has digits in its first word.
 */
export function isIdentifierLike(value: string): boolean {
  if (value.length > 40) {
    return false;
  }
  return lowerCaseWords.test(value) || upperCaseWords.test(value) || shortNumber.test(value);
}
