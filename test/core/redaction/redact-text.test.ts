import { describe, expect, it } from 'vitest';
import { redact } from '../../../main/core/redaction/redact-text';
import { redactionMarker } from '../../../main/core/redaction/redaction-marker';

const intuitCode = `AB11700000000${'hJk3Lm9Np2Qr5St8Uv1Wx4Yz7Ab0Cd3Ef6Gh9Ij'.slice(0, 37)}`;
const refreshToken = 'RT1-42-H0-1750000000abcdefghijklmnopqrstu';
const clientSecret = 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kL9x';
const jws = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl';
const jwe = 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..aXYtdmFsdWU.Y2lwaGVydGV4dA.dGFnLXZhbHVl';

describe('redact', () => {
  it('replaces an Intuit authorization code in a callback URL, keeping realmId', () => {
    const text = `GET /callback?code=${intuitCode}&state=Zm9vYmFyYmF6cXV4MTIz&realmId=9341453050812345`;
    const redacted = redact(text);
    expect(redacted).not.toContain(intuitCode);
    expect(redacted).not.toContain('Zm9vYmFyYmF6cXV4MTIz');
    expect(redacted).toContain('realmId=9341453050812345');
    expect(redacted).toContain(`code=${redactionMarker(intuitCode)}`);
  });

  it('gives one value the same marker everywhere so lines can be correlated', () => {
    const redacted = redact(`refresh ${refreshToken} then again ${refreshToken}`);
    const marker = redactionMarker(refreshToken);
    expect(marker).toMatch(/^\[redacted:[0-9a-f]{8}\]$/);
    expect(redacted).toBe(`refresh ${marker} then again ${marker}`);
  });

  it('replaces compact JWS and JWE strings', () => {
    const redacted = redact(`id_token ${jws} access ${jwe}.`);
    expect(redacted).toBe(`id_token ${redactionMarker(jws)} access ${redactionMarker(jwe)}.`);
  });

  it('replaces Bearer and Basic credentials but keeps the scheme', () => {
    const basic = Buffer.from(`${'Q'.repeat(50)}:${clientSecret}`).toString('base64');
    const redacted = redact(`Authorization: Basic ${basic}\nauthorization: Bearer opaque-token-123`);
    expect(redacted).toBe(
      `Authorization: Basic ${redactionMarker(basic)}\nauthorization: Bearer ${redactionMarker('opaque-token-123')}`,
    );
  });

  it('leaves "Basic" and "Bearer" in prose alone', () => {
    const text = 'Basic Bookkeeping LLC bought Bearer bonds on the Basic plan';
    expect(redact(text)).toBe(text);
  });

  it('replaces token values in JSON, escaped JSON, util.inspect output and form bodies', () => {
    const json = JSON.stringify({ access_token: 'at-1x', refresh_token: 'rt-2y', expires_in: 3600 });
    expect(redact(json)).toBe(
      `{"access_token":"${redactionMarker('at-1x')}","refresh_token":"${redactionMarker('rt-2y')}","expires_in":3600}`,
    );
    const escaped = JSON.stringify(json);
    expect(redact(escaped)).not.toContain('at-1x');
    expect(redact("{ idToken: 'abc.def', clientSecret: 'sss' }")).not.toMatch(/abc\.def|sss/);
    expect(redact('grant_type=refresh_token&refresh_token=xyz789')).toBe(
      `grant_type=refresh_token&refresh_token=${redactionMarker('xyz789')}`,
    );
    expect(redact('REALMKEEPER_SANDBOX_CLIENT_SECRET=whatever --client-secret=hunter2')).not.toMatch(
      /whatever|hunter2/,
    );
  });

  it('redacts a 40-character secret after the word "secret"', () => {
    expect(redact(`the secret is ${clientSecret}`)).toBe(`the secret is ${redactionMarker(clientSecret)}`);
  });

  it('keeps error codes and statuses that share the names code and state', () => {
    const text =
      '{"code":"3200"} code: \'ECONNREFUSED\' {"code":"invalid_grant"} state: needs_reconnect state: "CA" x_refresh_token_expires_in=8726400 token_type=bearer';
    expect(redact(text)).toBe(text);
  });

  it('always redacts code and state in a query string', () => {
    expect(redact('?code=pending&state=abc')).toBe(
      `?code=${redactionMarker('pending')}&state=${redactionMarker('abc')}`,
    );
  });

  it('has fixtures of the documented lengths', () => {
    expect(intuitCode).toHaveLength(50);
    expect(clientSecret).toHaveLength(40);
  });

  it('is idempotent', () => {
    const once = redact(`code=${intuitCode} Bearer ${jws} {"state":"Zm9vYmFyYmF6cXV4MTIz"}`);
    expect(redact(once)).toBe(once);
  });
});
