import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEndpoints } from '../../../main/core/config/check-endpoints';
import type { ConfigFileContents } from '../../../main/core/config/config-file-schema';
import { dataPaths } from '../../../main/core/config/data-directory';
import { resolveConfig } from '../../../main/core/config/resolve-config';
import type { DiscoveryTestServer } from '../discovery/discovery-server';
import { intuitSandboxDocument, jsonHandler, startDiscoveryServer, unusedPort } from '../discovery/discovery-server';

let server: DiscoveryTestServer;

beforeAll(async () => {
  server = await startDiscoveryServer();
});

afterAll(async () => {
  await server.close();
});

function sandboxWithDiscovery(discoveryUrl: string) {
  const paths = dataPaths('/home/ann/.config/Realmkeeper', 'linux');
  const file: ConfigFileContents = { sandbox: { discoveryUrl } };
  return resolveConfig({ env: {}, file, paths, dataDirectory: { value: paths.directory, source: { kind: 'default' } } })
    .sandbox;
}

function serveDiscoveryWithTokenEndpoint(path: string, tokenEndpoint: string): string {
  server.serve(path, jsonHandler({ ...intuitSandboxDocument, token_endpoint: tokenEndpoint }));
  return `${server.baseUrl}${path}`;
}

describe('checkEndpoints', () => {
  it('counts any HTTP status from the token endpoint as an answer', async () => {
    server.serve('/oauth2/v1/tokens/bearer', jsonHandler({ error: 'invalid_client' }, 401));
    const url = serveDiscoveryWithTokenEndpoint('/answering', `${server.baseUrl}/oauth2/v1/tokens/bearer`);
    const result = await checkEndpoints(sandboxWithDiscovery(url), { timeoutMs: 2_000 });
    expect(result.discovery.ok).toBe(true);
    expect(result.tokenEndpoint).toEqual({ url: `${server.baseUrl}/oauth2/v1/tokens/bearer`, answers: true, status: 401 });
  });

  it('reports a refused connection to the token endpoint', async () => {
    const port = await unusedPort();
    const url = serveDiscoveryWithTokenEndpoint('/refused', `http://127.0.0.1:${port}/oauth2/v1/tokens/bearer`);
    const result = await checkEndpoints(sandboxWithDiscovery(url), { timeoutMs: 2_000 });
    expect(result.tokenEndpoint).toMatchObject({ answers: false, reason: 'network' });
    expect(result.tokenEndpoint?.answers === false && result.tokenEndpoint.message).toContain('ECONNREFUSED');
  });

  it('reports a token endpoint that never answers', async () => {
    const url = serveDiscoveryWithTokenEndpoint('/silent', `${server.baseUrl}/hang`);
    const result = await checkEndpoints(sandboxWithDiscovery(url), { timeoutMs: 300 });
    expect(result.tokenEndpoint).toMatchObject({ answers: false, reason: 'timeout' });
  });

  it('reports a discovery failure with its code and does not probe further', async () => {
    const result = await checkEndpoints(sandboxWithDiscovery(`${server.baseUrl}/server-error`), { timeoutMs: 2_000 });
    expect(result.discovery.ok).toBe(false);
    expect(!result.discovery.ok && result.discovery.error.code).toBe('discovery_http_error');
    expect(result.tokenEndpoint).toBeUndefined();
  });

  it('uses the injected fetch', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return String(input).endsWith('/discovery')
        ? new Response(JSON.stringify(intuitSandboxDocument))
        : new Response(null, { status: 405 });
    };
    const result = await checkEndpoints(sandboxWithDiscovery('https://example.invalid/discovery'), { fetch: fakeFetch });
    expect(seen).toEqual(['https://example.invalid/discovery', intuitSandboxDocument.token_endpoint]);
    expect(result.tokenEndpoint).toMatchObject({ answers: true, status: 405 });
  });
});
