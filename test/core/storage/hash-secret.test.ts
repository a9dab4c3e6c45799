import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayHash, hashSecret, secretFingerprint } from '../../../main/core/storage/hash-secret';

describe('hashSecret', () => {
  it('is SHA-256 in lowercase hex', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('never contains the secret and is always 64 hex characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), (secret) => {
        const hash = hashSecret(secret);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(hash.includes(secret)).toBe(false);
      }),
    );
  });

  it('shows a 12-character prefix for display', () => {
    expect(displayHash(hashSecret('abc'))).toBe('ba7816bf8f01');
    expect(secretFingerprint('abc')).toBe('ba7816bf8f01');
  });
});
