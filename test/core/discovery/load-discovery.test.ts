import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscoveryCache } from '../../../main/core/discovery/discovery-cache';
import { DiscoveryError } from '../../../main/core/discovery/discovery-error';
import { fetchDiscovery } from '../../../main/core/discovery/fetch-discovery';
import { loadDiscovery } from '../../../main/core/discovery/load-discovery';
import type { DiscoveryTestServer } from './discovery-server';
import { intuitSandboxDocument, jsonHandler, startDiscoveryServer, unusedPort } from './discovery-server';

let server: DiscoveryTestServer;

beforeAll(async () => {
  server = await startDiscoveryServer();
});

afterAll(async () => {
  await server.close();
});

async function discoveryFailure(path: string, timeoutMs = 2_000): Promise<DiscoveryError> {
  try {
    await fetchDiscovery(`${server.baseUrl}${path}`, { timeoutMs });
  } catch (error) {
    if (error instanceof DiscoveryError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${path} to fail`);
}

describe('fetchDiscovery', () => {
  it('reads the endpoints from a document shaped like Intuit\'s', async () => {
    const document = await fetchDiscovery(`${server.baseUrl}/.well-known/openid_sandbox_configuration`);
    expect(document).toEqual({
      issuer: intuitSandboxDocument.issuer,
      authorizationEndpoint: intuitSandboxDocument.authorization_endpoint,
      tokenEndpoint: intuitSandboxDocument.token_endpoint,
      revocationEndpoint: intuitSandboxDocument.revocation_endpoint,
      userinfoEndpoint: intuitSandboxDocument.userinfo_endpoint,
      jwksUri: intuitSandboxDocument.jwks_uri,
    });
  });

  it('accepts plain-http endpoints on this machine (the simulator)', async () => {
    const local = `${server.baseUrl}/local`;
    server.serve(
      '/local',
      jsonHandler({ ...intuitSandboxDocument, token_endpoint: `${server.baseUrl}/oauth2/v1/tokens/bearer` }),
    );
    const document = await fetchDiscovery(local);
    expect(document.tokenEndpoint).toBe(`${server.baseUrl}/oauth2/v1/tokens/bearer`);
  });

  it('reports an HTTP error with its status', async () => {
    const error = await discoveryFailure('/server-error');
    expect(error.code).toBe('discovery_http_error');
    expect(error.status).toBe(500);
    expect(error.message).toContain('HTTP 500');
  });

  it('reports a 404 as an HTTP error', async () => {
    const error = await discoveryFailure('/.well-known/openid-configuration');
    expect(error.code).toBe('discovery_http_error');
    expect(error.status).toBe(404);
  });

  it('reports an answer that is not JSON as malformed', async () => {
    const error = await discoveryFailure('/not-json');
    expect(error.code).toBe('discovery_malformed');
    expect(error.message).toContain('not JSON');
  });

  it('names a missing field', async () => {
    const error = await discoveryFailure('/missing-token-endpoint');
    expect(error.code).toBe('discovery_malformed');
    expect(error.field).toBe('token_endpoint');
    expect(error.message).toContain('"token_endpoint" is missing');
  });

  it('refuses an endpoint that would send secrets over plain http to another machine', async () => {
    const error = await discoveryFailure('/insecure-endpoint');
    expect(error.code).toBe('discovery_malformed');
    expect(error.field).toBe('token_endpoint');
    expect(error.message).toContain('https');
  });

  it('reports a JSON array as malformed', async () => {
    const error = await discoveryFailure('/array');
    expect(error.code).toBe('discovery_malformed');
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    const error = await discoveryFailure('/hang', 300);
    expect(error.code).toBe('discovery_unreachable');
    expect(error.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out on a body that never ends', async () => {
    const error = await discoveryFailure('/hang-after-headers', 300);
    expect(error.code).toBe('discovery_unreachable');
    expect(error.reason).toBe('timeout');
  });

  it('reports a refused connection as unreachable', async () => {
    const port = await unusedPort();
    const error = await fetchDiscovery(`http://127.0.0.1:${port}/.well-known/openid_configuration`).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as DiscoveryError).code).toBe('discovery_unreachable');
    expect((error as DiscoveryError).reason).toBe('network');
    expect((error as DiscoveryError).message).toContain('ECONNREFUSED');
  });

  it('uses the injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify(intuitSandboxDocument), { status: 200 });
    };
    await fetchDiscovery('https://discovery.invalid/doc', { fetch: fakeFetch });
    expect(calls).toEqual(['https://discovery.invalid/doc']);
  });
});

describe('loadDiscovery', () => {
  it('caches per URL until the TTL passes, on the injected clock', async () => {
    let now = 1_000_000;
    const cache = new DiscoveryCache({ ttlMs: 60_000, now: () => now });
    const path = '/.well-known/openid_sandbox_configuration';
    const url = `${server.baseUrl}${path}`;
    const before = server.hits.get(path) ?? 0;
    await loadDiscovery(url, { cache });
    await Promise.all([loadDiscovery(url, { cache }), loadDiscovery(url, { cache })]);
    now += 59_000;
    await loadDiscovery(url, { cache });
    expect(server.hits.get(path)).toBe(before + 1);
    now += 2_000;
    await loadDiscovery(url, { cache });
    expect(server.hits.get(path)).toBe(before + 2);
  });

  it('shares one request between concurrent callers', async () => {
    const cache = new DiscoveryCache();
    const path = '/.well-known/openid_sandbox_configuration';
    const before = server.hits.get(path) ?? 0;
    const url = `${server.baseUrl}${path}`;
    await Promise.all([loadDiscovery(url, { cache }), loadDiscovery(url, { cache }), loadDiscovery(url, { cache })]);
    expect(server.hits.get(path)).toBe(before + 1);
  });

  it('does not cache failures', async () => {
    const cache = new DiscoveryCache();
    const path = '/flaky';
    let failures = 1;
    server.serve('/flaky', (request, response) => {
      if (failures > 0) {
        failures -= 1;
        jsonHandler({ error: 'temporarily_unavailable' }, 503)(request, response);
        return;
      }
      jsonHandler(intuitSandboxDocument)(request, response);
    });
    const url = `${server.baseUrl}${path}`;
    await expect(loadDiscovery(url, { cache })).rejects.toMatchObject({ code: 'discovery_http_error', status: 503 });
    await expect(loadDiscovery(url, { cache })).resolves.toMatchObject({ tokenEndpoint: intuitSandboxDocument.token_endpoint });
  });
});
