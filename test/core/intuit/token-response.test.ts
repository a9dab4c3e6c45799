import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampRetryAfter, maximumRetryAfterSeconds, parseRetryAfter } from '../../../main/core/intuit/retry-after';
import {
  interpretTokenResponse,
  maximumAccessTokenCharacters,
  maximumRefreshTokenCharacters,
  type RawTokenResponse,
} from '../../../main/core/intuit/token-response';

const goodBody = {
  id_token: 'eyJraWQiOi.eyJzdWIi.c2ln',
  expires_in: 3600,
  token_type: 'bearer',
  x_refresh_token_expires_in: 8726400,
  x_refresh_token_hard_expires_in: 157680000,
  refresh_token: 'AB11700000000abcdefghijklmnopqrstuvwxyz0123456789A',
  access_token: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..x.y.z',
};

function raw(status: number, body: unknown, extra: Partial<RawTokenResponse> = {}): RawTokenResponse {
  return { status, intuitTid: 'tid-1', retryAfterSeconds: undefined, bodyText: typeof body === 'string' ? body : JSON.stringify(body), ...extra };
}

describe('interpretTokenResponse', () => {
  it('reads the lifetimes Intuit sends rather than assuming them', () => {
    const outcome = interpretTokenResponse(raw(200, { ...goodBody, x_refresh_token_expires_in: 4321 }));
    expect(outcome).toMatchObject({
      kind: 'issued',
      intuitTid: 'tid-1',
      tokens: { refreshExpiresInSeconds: 4321, accessExpiresInSeconds: 3600, refreshHardExpiresInSeconds: 157680000 },
    });
  });

  it('treats a 200 it cannot read as an answer that may have been applied', () => {
    const { refresh_token: _omitted, ...withoutRefresh } = goodBody;
    for (const body of ['not json', withoutRefresh, { ...goodBody, token_type: 'mac' }, { ...goodBody, expires_in: '3600' }]) {
      expect(interpretTokenResponse(raw(200, body))).toMatchObject({ kind: 'transient', reason: 'malformed_response', maybeApplied: true });
    }
  });

  it('reports Intuit errors by their code, with the description when given', () => {
    expect(interpretTokenResponse(raw(400, { error: 'invalid_grant', error_description: 'Token invalid' }))).toEqual({
      kind: 'rejected',
      error: 'invalid_grant',
      description: 'Token invalid',
      status: 400,
      intuitTid: 'tid-1',
    });
    expect(interpretTokenResponse(raw(401, { error: 'invalid_client' }))).toMatchObject({ kind: 'rejected', error: 'invalid_client', status: 401 });
  });

  it('never turns throttling or a server error into a rejection', () => {
    expect(interpretTokenResponse(raw(429, '', { retryAfterSeconds: 60 }))).toMatchObject({ kind: 'transient', reason: 'throttled', retryAfterSeconds: 60 });
    expect(interpretTokenResponse(raw(503, { error: 'invalid_grant' }))).toMatchObject({ kind: 'transient', reason: 'server_error' });
  });

  it('never throws and never reports success for anything but a well-formed 200', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(fc.string(), fc.json()), (status, bodyText) => {
        const outcome = interpretTokenResponse({ status, intuitTid: undefined, retryAfterSeconds: undefined, bodyText });
        if (outcome.kind === 'issued') expect(status).toBe(200);
        if (outcome.kind === 'rejected') expect(status).toBeGreaterThanOrEqual(400);
      }),
    );
  });
});

describe('parseRetryAfter and clampRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delay-seconds and both HTTP-date forms, against the answer’s Date when given', () => {
    expect(parseRetryAfter(' 120 ', null, now)).toBe(120);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:10:00 GMT', null, now)).toBe(600);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:10:00 GMT', 'Sun, 01 Mar 2026 12:09:00 GMT', now + 3_600_000)).toBe(60);
    expect(parseRetryAfter('Sunday, 01-Mar-26 12:01:00 GMT', null, now)).toBe(60);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', null, now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const header of [null, '', '-5', '1.5', 'soon', 'Mon, 99 Foo 2026']) {
      expect(parseRetryAfter(header, null, now)).toBeUndefined();
    }
  });

  it('never waits longer than the maximum, nor a negative or unknown time', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.constant(undefined)), (seconds) => {
        const clamped = clampRetryAfter(seconds);
        if (clamped === undefined) return;
        expect(clamped).toBeGreaterThanOrEqual(0);
        expect(clamped).toBeLessThanOrEqual(maximumRetryAfterSeconds);
      }),
    );
    expect(clampRetryAfter(Number.POSITIVE_INFINITY)).toBe(maximumRetryAfterSeconds);
  });
});

describe('token validation', () => {
  it('issues only tokens of printable ASCII within their size caps', () => {
    // Characters around every edge: controls, printable ASCII, DEL, Latin-1, beyond.
    const character = fc.integer({ min: 0, max: 0x2000 }).map((code) => String.fromCharCode(code));
    const mostlyAscii = fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), fc.string({ unit: character, maxLength: 40 }));
    fc.assert(
      fc.property(
        fc.oneof(mostlyAscii, fc.string({ unit: 'grapheme-ascii', minLength: 995, maxLength: 1005 })),
        mostlyAscii,
        (refreshToken, accessToken) => {
        const outcome = interpretTokenResponse(raw(200, { ...goodBody, refresh_token: refreshToken, access_token: accessToken }));
        const acceptable = (value: string, maximum: number): boolean => value.length >= 1 && value.length <= maximum && /^[\x20-\x7e]+$/.test(value);
        const expected = acceptable(refreshToken, maximumRefreshTokenCharacters) && acceptable(accessToken, maximumAccessTokenCharacters);
        expect(outcome.kind).toBe(expected ? 'issued' : 'transient');
        },
      ),
    );
  });

  it('drops an unusable ID token rather than the answer that carries it', () => {
    expect(interpretTokenResponse(raw(200, { ...goodBody, id_token: 'eyJ\r\nbroken' }))).toMatchObject({ kind: 'issued', tokens: { idToken: undefined } });
  });

  it('does not issue a 200 that carries an error', () => {
    expect(interpretTokenResponse(raw(200, { ...goodBody, error: 'invalid_grant' }))).toMatchObject({ kind: 'transient', reason: 'malformed_response', maybeApplied: true });
    expect(interpretTokenResponse(raw(200, { ...goodBody, error: null }))).toMatchObject({ kind: 'transient', reason: 'malformed_response' });
  });
});
