import { describe, expect, it } from 'vitest';
import { createHttpApi } from '../../../renderer/src/api/http-api';
import { readSessionToken } from '../../../renderer/src/api/session-token';
import { consentUrlOf } from '../../../renderer/src/api/consent-window';

describe('createHttpApi', () => {
  it('posts the request to /api/<channel> with the token header and returns the ApiResult', async () => {
    const requests: Array<{ url: string; init: RequestInit | undefined }> = [];
    const api = createHttpApi({
      origin: 'http://127.0.0.1:4000',
      token: 'tok',
      fetch: async (url, init) => {
        requests.push({ url: String(url), init });
        return Response.json({ ok: true, value: { companies: [], readAt: 5 } });
      },
    });
    const result = await api.listCompanies({});
    expect(result).toEqual({ ok: true, value: { companies: [], readAt: 5 } });
    expect(requests[0]?.url).toBe('http://127.0.0.1:4000/api/companies:list');
    expect(requests[0]?.init?.method).toBe('POST');
    expect((requests[0]?.init?.headers as Record<string, string>)['x-realmkeeper-token']).toBe('tok');
    expect(api.shell).toBe('browser');
  });

  it('turns an unreachable shell, a refused token and a garbled answer into failures the window can show', async () => {
    const down = createHttpApi({ origin: 'http://x', token: 't', fetch: async () => { throw new TypeError('fetch failed'); } });
    expect(await down.getSettings({})).toMatchObject({ ok: false, error: { code: 'app_unreachable' } });
    const refused = createHttpApi({ origin: 'http://x', token: 't', fetch: async () => new Response('no', { status: 403 }) });
    expect(await refused.getSettings({})).toMatchObject({ ok: false, error: { code: 'not_authorized' } });
    const garbled = createHttpApi({ origin: 'http://x', token: 't', fetch: async () => new Response('<html>', { status: 500 }) });
    expect(await garbled.getSettings({})).toMatchObject({ ok: false, error: { code: 'bad_answer' } });
  });
});

describe('readSessionToken', () => {
  function memoryStorage(): Storage & { data: Map<string, string> } {
    const data = new Map<string, string>();
    return { data, getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value) } as Storage & { data: Map<string, string> };
  }

  it('takes the token from the fragment, keeps it for reloads, and clears it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = readSessionToken({
      location: { hash: '#token=abc123', pathname: '/', search: '' },
      storage,
      history: { replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
    });
    expect(token).toBe('abc123');
    expect(replaced).toEqual(['/']);
    expect(readSessionToken({ location: { hash: '', pathname: '/', search: '' }, storage })).toBe('abc123');
  });

  it('has no token without a fragment or a stored one', () => {
    expect(readSessionToken({ location: { hash: '', pathname: '/', search: '' }, storage: memoryStorage() })).toBeNull();
  });
});

describe('consentUrlOf', () => {
  it('reads the shell-provided consent address, and only http(s)', () => {
    expect(consentUrlOf({ authorizationUrl: 'http://127.0.0.1:9/connect/oauth2?x=1' })).toBe('http://127.0.0.1:9/connect/oauth2?x=1');
    expect(consentUrlOf({ authorizationUrl: null })).toBeNull();
    expect(consentUrlOf({ authorizationUrl: 'javascript:alert(1)' })).toBeNull();
  });
});
