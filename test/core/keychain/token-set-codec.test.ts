import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeychainError } from '../../../main/core/keychain/keychain-error';
import {
  credentialBlobLimitBytes,
  decodeTokenSet,
  encodeTokenSet,
} from '../../../main/core/keychain/token-set-codec';
import { alphanumeric, largestTokenSet } from './fixtures/sample-token-sets';

function errorOf(run: () => unknown): KeychainError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeychainError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a KeychainError');
}

describe('token set codec', () => {
  it('round-trips a token set', () => {
    const tokenSet = largestTokenSet();
    expect(decodeTokenSet(encodeTokenSet(tokenSet, 'libsecret'), 'libsecret')).toEqual(tokenSet);
  });

  it('keeps the largest token set under Windows Credential Manager’s 2,560 bytes', () => {
    const encoded = encodeTokenSet(largestTokenSet(), 'credential-manager');
    const bytes = Buffer.byteLength(encoded, 'utf8');
    expect(credentialBlobLimitBytes).toBe(2560);
    expect(bytes).toBeLessThan(2560);
    // Headroom for realm ids and timestamps Intuit may lengthen; measured, not guessed.
    expect(2560 - bytes).toBeGreaterThan(150);
  });

  it('refuses to encode above the limit with a typed error and no secret in the message', () => {
    const tokenSet = { ...largestTokenSet(), accessToken: alphanumeric(2600, 'huge') };
    const error = errorOf(() => encodeTokenSet(tokenSet, 'credential-manager'));
    expect(error.code).toBe('keychain_entry_too_large');
    expect(error.message).toMatch(/\d+ bytes, limit 2560/);
    expect(error.message).not.toContain(tokenSet.accessToken.slice(0, 20));
  });

  it('refuses to encode an invalid token set', () => {
    expect(() => encodeTokenSet({ ...largestTokenSet(), refreshToken: '' }, 'libsecret')).toThrow(/t\b/);
    expect(() => encodeTokenSet({ ...largestTokenSet(), realmId: 'abc' }, 'libsecret')).toThrow(TypeError);
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['a JSON array', '[]'],
    ['another version', JSON.stringify({ ...JSON.parse(encodeTokenSet(largestTokenSet(), 'libsecret')), v: 2 })],
    ['a missing refresh token', JSON.stringify({ ...JSON.parse(encodeTokenSet(largestTokenSet(), 'libsecret')), t: undefined })],
    ['a string timestamp', JSON.stringify({ ...JSON.parse(encodeTokenSet(largestTokenSet(), 'libsecret')), ae: '2026-01-01' })],
    ['an unknown environment', JSON.stringify({ ...JSON.parse(encodeTokenSet(largestTokenSet(), 'libsecret')), e: 'staging' })],
    ['an unexpected field', JSON.stringify({ ...JSON.parse(encodeTokenSet(largestTokenSet(), 'libsecret')), x: 1 })],
  ])('reports %s as keychain_entry_malformed', (_label, encoded) => {
    const error = errorOf(() => decodeTokenSet(encoded, 'libsecret'));
    expect(error.code).toBe('keychain_entry_malformed');
    expect(error.message).toContain('left as it is');
    expect(error.message).not.toContain(largestTokenSet().refreshToken);
  });

  it('round-trips any valid token set that fits', () => {
    const tokenArbitrary = fc.string({ minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(
        fc.record({
          environment: fc.constantFrom('sandbox' as const, 'production' as const),
          realmId: fc.stringMatching(/^\d{10,19}$/),
          accessToken: fc.string({ minLength: 1, maxLength: 2000 }),
          accessExpiresAt: fc.nat(),
          refreshToken: tokenArbitrary,
          refreshExpiresAt: fc.nat(),
          refreshHardExpiresAt: fc.option(fc.nat(), { nil: null }),
          generation: fc.nat(),
          previousRefreshToken: fc.option(tokenArbitrary, { nil: null }),
        }),
        (tokenSet) => {
          let encoded: string;
          try {
            encoded = encodeTokenSet(tokenSet, 'libsecret');
          } catch (error) {
            // Only multi-byte text can push a 2,000-character token over the byte limit.
            expect(error).toBeInstanceOf(KeychainError);
            expect(Buffer.byteLength(tokenSet.accessToken, 'utf8')).toBeGreaterThan(2000);
            return;
          }
          expect(decodeTokenSet(encoded, 'libsecret')).toEqual(tokenSet);
        },
      ),
      { numRuns: 200 },
    );
  });
});
