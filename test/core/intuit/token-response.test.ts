import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretTokenResponse, type RawTokenResponse } from '../../../main/core/intuit/token-response';

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
