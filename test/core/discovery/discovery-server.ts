import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Shaped like Intuit's sandbox document (INTUIT.md §1). */
export const intuitSandboxDocument = {
  issuer: 'https://oauth.platform.intuit.com/op/v1',
  authorization_endpoint: 'https://appcenter.intuit.com/connect/oauth2',
  token_endpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  userinfo_endpoint: 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo',
  revocation_endpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  jwks_uri: 'https://oauth.platform.intuit.com/op/v1/jwks',
  response_types_supported: ['code'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  scopes_supported: ['openid', 'email', 'profile', 'address', 'phone'],
  token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
  claims_supported: ['aud', 'exp', 'iat', 'iss', 'realmid', 'sub'],
};

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface DiscoveryTestServer {
  baseUrl: string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  /** Route `path` to `handler` from now on. */
  serve(path: string, handler: Handler): void;
  close(): Promise<void>;
}

function sendJson(body: unknown, status = 200): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

export function jsonHandler(body: unknown, status = 200): Handler {
  return sendJson(body, status);
}

/** A real server on 127.0.0.1 with the broken variants the loader must tell apart. */
export async function startDiscoveryServer(): Promise<DiscoveryTestServer> {
  const { token_endpoint: _omitted, ...withoutTokenEndpoint } = intuitSandboxDocument;
  const routes = new Map<string, Handler>([
    ['/.well-known/openid_sandbox_configuration', sendJson(intuitSandboxDocument)],
    ['/server-error', sendJson({ error: 'server_error' }, 500)],
    ['/not-json', (_request, response) => response.end('<html>Maintenance</html>')],
    ['/missing-token-endpoint', sendJson(withoutTokenEndpoint)],
    ['/insecure-endpoint', sendJson({ ...intuitSandboxDocument, token_endpoint: 'http://oauth.example.com/token' })],
    ['/array', sendJson([intuitSandboxDocument])],
    ['/hang', () => undefined],
    [
      '/hang-after-headers',
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"issuer":');
      },
    ],
  ]);
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler === undefined) {
      sendJson({ error: 'not_found' }, 404)(request, response);
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    hits,
    serve(path, handler) {
      routes.set(path, handler);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
