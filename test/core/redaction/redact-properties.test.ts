import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../main/core/redaction/redact-text';

const digits = '0123456789'.split('');
const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const alphanumerics = [...letters, ...digits];
const base64UrlCharacters = [...alphanumerics, '-', '_'];

function stringOf(characters: string[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...characters), minLength, maxLength });
}

/** What an OAuth server or our own `state` generator emits: random, so never a single-case word. */
function looksRandom(value: string): boolean {
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

const intuitCode = fc
  .tuple(stringOf(digits, 10, 10), stringOf(alphanumerics, 37, 37))
  .map(([time, rest]) => `AB1${time}${rest}`);
const intuitRefreshToken = stringOf([...alphanumerics, '-'], 30, 40).map((rest) => `RT1-${rest}`);
const base64UrlSegment = stringOf(base64UrlCharacters, 8, 120);
const compactJose = fc.oneof(
  fc.tuple(base64UrlSegment, base64UrlSegment, base64UrlSegment).map(([h, p, s]) => `eyJ${h}.${p}.${s}`),
  fc
    .tuple(base64UrlSegment, base64UrlSegment, base64UrlSegment, base64UrlSegment)
    .map(([h, iv, c, t]) => `eyJ${h}..${iv}.${c}.${t}`),
);
const opaqueToken = stringOf([...alphanumerics, '-', '.', '_', '~'], 16, 200).filter(looksRandom);
const clientSecret = stringOf(alphanumerics, 40, 40);
const randomState = fc.uint8Array({ minLength: 16, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url')).filter(looksRandom);

/** A secret and the text that carries it, in every format a log line is likely to use. */
const secretInContext: fc.Arbitrary<{ secret: string; text: string }> = fc.oneof(
  fc.oneof(intuitCode, intuitRefreshToken, compactJose).map((secret) => ({ secret, text: secret })),
  fc.oneof(intuitCode, randomState).map((secret) => ({ secret, text: `/callback?code=${secret}&realmId=9341453050812345` })),
  randomState.map((secret) => ({ secret, text: `?state=${secret}` })),
  randomState.map((secret) => ({ secret, text: JSON.stringify({ state: secret }) })),
  opaqueToken.map((secret) => ({ secret, text: `Authorization: Bearer ${secret}` })),
  opaqueToken.map((secret) => ({ secret, text: `Bearer ${secret}` })),
  clientSecret.map((secret) => ({
    secret,
    text: `Basic ${Buffer.from(`${'Q'.repeat(50)}:${secret}`).toString('base64')}`,
  })),
  fc
    .tuple(fc.constantFrom('access_token', 'refresh_token', 'id_token', 'client_secret', 'code'), opaqueToken)
    .chain(([key, secret]) =>
      fc.constantFrom(
        { secret, text: `${key}=${secret}` },
        { secret, text: JSON.stringify({ [key]: secret }) },
        { secret, text: JSON.stringify(JSON.stringify({ [key]: secret })) },
        { secret, text: `{ ${key}: '${secret}' }` },
      ),
    ),
  clientSecret.map((secret) => ({ secret, text: `the client secret is ${secret}` })),
  clientSecret.map((secret) => ({ secret, text: `REALMKEEPER_PRODUCTION_CLIENT_SECRET=${secret}` })),
);

const delimiter = fc.constantFrom(' ', '\n', '\t', '(', ')', '"', "'", ',', ';', '<', '>', '[', ']', '|');

describe('redact (properties)', () => {
  it('no generated secret survives, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), delimiter, secretInContext, delimiter, fc.string(), (before, open, { secret, text }, close, after) => {
        const redacted = redact(`${before}${open}${text}${close}${after}`);
        expect(redacted).not.toContain(secret);
      }),
      { numRuns: 2000 },
    );
  });

  const companyName = fc
    .tuple(
      fc.constantFrom("Larry's", 'Acme', 'Blue Sky', 'Basic', 'Bearer', 'Secret Garden', 'State Street', 'Code Craft', 'O\'Brien & Sons'),
      fc.constantFrom('Bakery', 'Bookkeeping', 'Plumbing LLC', 'Inc.', 'Holdings, Ltd.', 'Café'),
    )
    .map(([first, second]) => `${first} ${second}`);
  const realmId = stringOf(digits, 10, 19);
  const isoDate = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
    .map((date) => date.toISOString());
  const plainUrl = fc
    .tuple(realmId, fc.constantFrom('https://quickbooks.api.intuit.com', 'https://sandbox-quickbooks.api.intuit.com', 'http://localhost:8765'))
    .map(([realm, base]) => `${base}/v3/company/${realm}/companyinfo/${realm}?minorversion=75`);
  const intuitTid = fc.uuid().map((uuid) => `intuit_tid=1-${uuid.slice(0, 8)}-${uuid.slice(24)}`);
  const logWords = fc.constantFrom(
    'refreshed', 'needs reconnect', 'code: 3200', 'error code: ECONNREFUSED', 'state: needs_reconnect',
    '{"code":"invalid_grant"}', 'x_refresh_token_expires_in=8726400', 'token_type=bearer', 'expires_in: 3600',
    'status=401', 'Basic plan', 'the secret is safe', 'Discovery: https://developer.api.intuit.com/.well-known/openid_configuration',
  );
  const ordinaryPiece = fc.oneof(companyName, realmId, isoDate, plainUrl, intuitTid, logWords);

  it('leaves ordinary text untouched', () => {
    fc.assert(
      fc.property(fc.array(ordinaryPiece, { minLength: 1, maxLength: 12 }), fc.constantFrom(' ', ', ', '\n', ' | '), (pieces, separator) => {
        const text = pieces.join(separator);
        expect(redact(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), secretInContext, fc.string(), (before, { text }, after) => {
        const once = redact(`${before} ${text} ${after}`);
        expect(redact(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('redact (speed)', () => {
  const adversarial: Array<[string, string]> = [
    ['repeated JOSE headers', 'eyJ'.repeat(40_000)],
    ['dotted base64 without a header', 'eyJa.'.repeat(25_000)],
    ['repeated code prefixes', 'AB11700000000'.repeat(10_000)],
    ['repeated keys', 'code='.repeat(25_000)],
    ['unterminated JSON values', '"access_token":"'.repeat(8_000)],
    ['one long word', 'a'.repeat(150_000)],
    ['repeated schemes', 'Bearer '.repeat(20_000)],
    ['repeated secret words', 'secret '.repeat(20_000)],
    ['hyphenated words', 'a-'.repeat(75_000)],
  ];

  it.each(adversarial)('handles %s in linear time', (_name, text) => {
    const started = performance.now();
    redact(text);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('redacts a megabyte of log text quickly', () => {
    const line = '2025-01-01T00:00:00.000Z info refresh realm 9341453050812345 status=200 intuit_tid=1-abc Larry\'s Bakery\n';
    const text = line.repeat(Math.ceil(1_000_000 / line.length));
    const started = performance.now();
    expect(redact(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
