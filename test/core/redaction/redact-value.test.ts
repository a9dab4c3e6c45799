import { describe, expect, it } from 'vitest';
import { redactValue } from '../../../main/core/redaction/redact-value';
import { redactionMarker } from '../../../main/core/redaction/redaction-marker';

describe('redactValue', () => {
  it('replaces values under secret-named keys at any depth, without mutating the input', () => {
    const input = {
      realmId: '9341453050812345',
      tokens: { accessToken: 'a1', refresh_token: 'r2', expiresIn: 3600, x_refresh_token_expires_in: 8726400 },
      headers: [{ Authorization: 'Basic Zm9vOmJhcg==' }],
      state: 'pending',
      note: 'sent code=AB11700000000hJk3Lm9Np2Qr5St8Uv1Wx4Yz7Ab0Cd3Ef6Gh9Ij',
    };
    const snapshot = structuredClone(input);
    expect(redactValue(input)).toEqual({
      realmId: '9341453050812345',
      tokens: {
        accessToken: redactionMarker('a1'),
        refresh_token: redactionMarker('r2'),
        expiresIn: 3600,
        x_refresh_token_expires_in: 8726400,
      },
      headers: [{ Authorization: redactionMarker('Basic Zm9vOmJhcg==') }],
      state: 'pending',
      note: `sent code=${redactionMarker('AB11700000000hJk3Lm9Np2Qr5St8Uv1Wx4Yz7Ab0Cd3Ef6Gh9Ij')}`,
    });
    expect(input).toEqual(snapshot);
  });

  it('copies an Error with its message and stack redacted', () => {
    const error = Object.assign(new Error('refresh failed for refresh_token=abc123'), { code: 'invalid_grant' });
    const redacted = redactValue(error) as Record<string, unknown>;
    expect(redacted['message']).toBe(`refresh failed for refresh_token=${redactionMarker('abc123')}`);
    expect(String(redacted['stack'])).not.toContain('abc123');
    expect(redacted['code']).toBe('invalid_grant');
  });

  it('survives cycles and keeps primitives', () => {
    const node: Record<string, unknown> = { name: 'Larry\'s Bakery', count: 2, on: true, nothing: null };
    node['self'] = node;
    expect(redactValue(node)).toEqual({ name: 'Larry\'s Bakery', count: 2, on: true, nothing: null, self: '[circular]' });
  });
});
