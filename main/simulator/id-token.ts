import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JsonWebKey;
}

let processSigningKey: SigningKey | undefined;

/** One RSA key per process: generating 2048-bit keys per simulator would slow every test. */
export function getSigningKey(): SigningKey {
  if (processSigningKey === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const exported = publicKey.export({ format: 'jwk' });
    const kid = createHash('sha256').update(String(exported.n)).digest('hex').slice(0, 36);
    processSigningKey = { kid, privateKey, publicJwk: { kty: 'RSA', e: exported.e, n: exported.n, use: 'sig', alg: 'RS256', kid } };
  }
  return processSigningKey;
}

export function jwksDocument(key: SigningKey): { keys: JsonWebKey[] } {
  return { keys: [key.publicJwk] };
}

export interface IdTokenClaims {
  readonly iss: string;
  readonly aud: readonly string[];
  readonly sub: string;
  readonly realmid?: string;
  readonly auth_time: number;
  readonly iat: number;
  readonly exp: number;
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function signIdToken(key: SigningKey, claims: IdTokenClaims): string {
  const signingInput = `${encodeSegment({ kid: key.kid, alg: 'RS256' })}.${encodeSegment(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'utf8'), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}
