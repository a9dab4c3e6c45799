import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeychainError } from '../../../main/core/keychain/keychain-error';
import {
  credentialBlobLimitBytes,
  decodeGrant,
  encodeTokenSet,
  joinAccessParts,
  type StoredTokenSet,
} from '../../../main/core/keychain/token-set-codec';
import { alphanumeric, largestTokenSet } from './fixtures/sample-token-sets';

function errorOf(run: () => unknown): KeychainError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeychainError) return error;
    throw error;
  }
  throw new Error('expected a KeychainError');
}

/** Encodes, then reads back as the vault does: the grant, and its parts when it has any. */
function roundTrip(tokenSet: StoredTokenSet): StoredTokenSet {
  const encoded = encodeTokenSet(tokenSet, 'credential-manager');
  const grant = decodeGrant(encoded.grant, 'credential-manager');
  return grant.kind === 'complete' ? grant.tokenSet : joinAccessParts(grant.tokenSet, encoded.accessParts);
}

describe('token set codec', () => {
  it('keeps a 2,000-character access token inside the one grant entry, under 2,560 bytes', () => {
    const encoded = encodeTokenSet(largestTokenSet(), 'credential-manager');
    expect(credentialBlobLimitBytes).toBe(2560);
    expect(encoded.accessParts).toEqual([]);
    expect(Buffer.byteLength(encoded.grant, 'utf8')).toBeLessThan(2560);
    expect(roundTrip(largestTokenSet())).toEqual(largestTokenSet());
  });

  it.each([2_450, 2_560, 9_000, 16_384])('stores a %i-character access token in parts, each under the limit', (length) => {
    const tokenSet = { ...largestTokenSet(), accessToken: alphanumeric(length, `big-${length}`) };
    const encoded = encodeTokenSet(tokenSet, 'credential-manager');
    expect(encoded.accessParts.length).toBeGreaterThan(0);
    for (const entry of [encoded.grant, ...encoded.accessParts]) expect(Buffer.byteLength(entry, 'utf8')).toBeLessThanOrEqual(2560);
    // The refresh token never leaves the grant entry: one write keeps it.
    expect(encoded.grant).toContain(tokenSet.refreshToken);
    for (const part of encoded.accessParts) expect(part).not.toContain(tokenSet.refreshToken);
    expect(roundTrip(tokenSet)).toEqual(tokenSet);
  });

  it('reads parts of another generation (a crash between the writes) as no access token, keeping the refresh token', () => {
    const older = { ...largestTokenSet(), generation: 6, accessToken: alphanumeric(5_000, 'old') };
    const newer = { ...older, generation: 7, accessToken: alphanumeric(5_000, 'new'), refreshToken: 'RT1-after-the-crash-0000000000000000' };
    const grant = decodeGrant(encodeTokenSet(newer, 'libsecret').grant, 'libsecret');
    if (grant.kind !== 'needs_access_parts') throw new Error('expected parts');
    const joined = joinAccessParts(grant.tokenSet, encodeTokenSet(older, 'libsecret').accessParts);
    expect(joined).toMatchObject({ refreshToken: newer.refreshToken, generation: 7, accessToken: '', accessExpiresAt: 0 });
    expect(joinAccessParts(grant.tokenSet, [null, null, null])).toMatchObject({ accessToken: '', accessExpiresAt: 0 });
  });

  it('reads a version 1 entry (one entry with the replaced refresh token) without keeping that token', () => {
    const v1 = JSON.stringify({ v: 1, e: 'sandbox', r: '9341452148659287', a: 'access', ae: 10, t: 'RT1-current', te: 20, he: null, g: 3, p: 'RT1-replaced' });
    const grant = decodeGrant(v1, 'libsecret');
    expect(grant).toEqual({
      kind: 'complete',
      tokenSet: { environment: 'sandbox', realmId: '9341452148659287', accessToken: 'access', accessExpiresAt: 10, refreshToken: 'RT1-current', refreshExpiresAt: 20, refreshHardExpiresAt: null, generation: 3, issuedAt: null },
    });
    expect(JSON.stringify(grant)).not.toContain('RT1-replaced');
  });

  it('refuses to encode an invalid token set, naming the field and never its value', () => {
    expect(() => encodeTokenSet({ ...largestTokenSet(), refreshToken: '' }, 'libsecret')).toThrow(/\bt\b/);
    expect(() => encodeTokenSet({ ...largestTokenSet(), realmId: 'abc' }, 'libsecret')).toThrow(TypeError);
    expect(() => encodeTokenSet({ ...largestTokenSet(), refreshToken: alphanumeric(1_001, 'long') }, 'libsecret')).toThrow(TypeError);
  });

  const grantText = () => JSON.parse(encodeTokenSet(largestTokenSet(), 'libsecret').grant) as Record<string, unknown>;
  it.each([
    ['not JSON', 'not json at all'],
    ['a JSON array', '[]'],
    ['another version', JSON.stringify({ ...grantText(), v: 3 })],
    ['a missing refresh token', JSON.stringify({ ...grantText(), t: undefined })],
    ['a string timestamp', JSON.stringify({ ...grantText(), ae: '2026-01-01' })],
    ['an unknown environment', JSON.stringify({ ...grantText(), e: 'staging' })],
    ['an unexpected field', JSON.stringify({ ...grantText(), z: 1 })],
    ['a fractional timestamp', JSON.stringify({ ...grantText(), te: 1.5 })],
    ['a negative generation', JSON.stringify({ ...grantText(), g: -1 })],
    ['a realm id with letters', JSON.stringify({ ...grantText(), r: '12ab' })],
    ['an empty refresh token', JSON.stringify({ ...grantText(), t: '' })],
    ['a refresh token over 1,000 characters', JSON.stringify({ ...grantText(), t: 'R'.repeat(1_001) })],
    ['a string for the 5-year limit', JSON.stringify({ ...grantText(), he: 'never' })],
    ['no issue time at all', JSON.stringify({ ...grantText(), i: undefined })],
    ['parts beyond 512', JSON.stringify({ ...grantText(), a: undefined, x: 513 })],
    ['an empty access token', JSON.stringify({ ...grantText(), a: '' })],
    ['null', 'null'],
    ['a version 1 entry without its replaced token field', JSON.stringify({ v: 1, e: 'sandbox', r: '1', a: 'A', ae: 1, t: 'T', te: 1, he: null, g: 1 })],
  ])('reports %s as keychain_entry_malformed', (_label, encoded) => {
    const error = errorOf(() => decodeGrant(encoded, 'libsecret'));
    expect(error.code).toBe('keychain_entry_malformed');
    expect(error.message).toContain('left as it is');
    expect(error.message).not.toContain(largestTokenSet().refreshToken);
  });

  it('names the failing fields in the detail, never their values', () => {
    const error = errorOf(() => decodeGrant(JSON.stringify({ ...grantText(), te: 'soon', z: 'RT1-secret-looking-value' }), 'libsecret'));
    expect(error.message).toMatch(/\bte\b/);
    expect(error.message).toMatch(/\bz\b/);
    expect(error.message).not.toContain('RT1-secret-looking-value');
    expect(error.message).not.toContain('soon');
  });

  it('takes parts that do not have the part shape for no access token', () => {
    const tokenSet = { ...largestTokenSet(), accessToken: alphanumeric(5_000, 'big') };
    const encoded = encodeTokenSet(tokenSet, 'libsecret');
    const grant = decodeGrant(encoded.grant, 'libsecret');
    if (grant.kind !== 'needs_access_parts') throw new Error('expected parts');
    const parts = encoded.accessParts.map((part) => JSON.parse(part) as Record<string, unknown>);
    const withExtra = parts.map((part, index) => JSON.stringify(index === 0 ? { ...part, extra: 1 } : part));
    expect(joinAccessParts(grant.tokenSet, withExtra)).toMatchObject({ accessToken: '', accessExpiresAt: 0 });
    const badHash = parts.map((part) => JSON.stringify({ ...part, h: 'XYZ' }));
    expect(joinAccessParts(grant.tokenSet, badHash)).toMatchObject({ accessToken: '', accessExpiresAt: 0 });
    expect(joinAccessParts(grant.tokenSet, encoded.accessParts).accessToken).toBe(tokenSet.accessToken);
  });

  it('round-trips any valid token set, whatever the size of its access token', () => {
    fc.assert(
      fc.property(
        fc.record({
          environment: fc.constantFrom('sandbox' as const, 'production' as const),
          realmId: fc.stringMatching(/^\d{10,19}$/),
          accessToken: fc.oneof(fc.string({ minLength: 1, maxLength: 2_000 }), fc.stringMatching(/^[A-Za-z0-9._-]{2000,12000}$/)),
          accessExpiresAt: fc.nat(),
          refreshToken: fc.string({ minLength: 1, maxLength: 60 }),
          refreshExpiresAt: fc.nat(),
          refreshHardExpiresAt: fc.option(fc.nat(), { nil: null }),
          generation: fc.nat(),
          issuedAt: fc.option(fc.nat(), { nil: null }),
        }),
        (tokenSet) => {
          let back: StoredTokenSet;
          try {
            back = roundTrip(tokenSet);
          } catch (error) {
            // Only multi-byte text can push a part over the byte limit.
            expect(error).toBeInstanceOf(KeychainError);
            expect(Buffer.byteLength(tokenSet.accessToken, 'utf8')).toBeGreaterThan(tokenSet.accessToken.length);
            return;
          }
          expect(back).toEqual(tokenSet);
        },
      ),
      { numRuns: 150 },
    );
  });
});
