import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminPrefix, handleAdminRequest } from './admin-api';
import { handleAuthorizationPage, handleConsentSubmission } from './authorize-endpoint';
import { apiBasePaths, authorizationPath, discoveryDocument, discoveryPaths, jwksPath, revocationPath, tokenPath, userInfoPaths } from './discovery';
import { environments } from './environment';
import { delay, sendJson } from './http-helpers';
import { createIntuitTid } from './identifiers';
import { jwksDocument } from './id-token';
import { handleApiRequest } from './qbo-api';
import { handleRevocation } from './revoke-endpoint';
import type { SimulatorState } from './simulator-state';
import { handleTokenRequest } from './token-endpoint';
import { handleUserInfo } from './userinfo-endpoint';

function methodNotAllowed(response: ServerResponse, allowed: string): void {
  sendJson(response, 405, { error: 'invalid_request', error_description: `Use ${allowed}` }, { allow: allowed });
}

async function route(state: SimulatorState, request: IncomingMessage, response: ServerResponse, intuitTid: string): Promise<void> {
  const url = new URL(request.url ?? '/', state.origin);
  const path = url.pathname;
  const method = request.method ?? 'GET';
  if (path === adminPrefix || path.startsWith(`${adminPrefix}/`)) {
    await handleAdminRequest(state, url, request, response);
    return;
  }
  const latency = state.faults.latencyMs();
  // The token and revocation endpoints apply the request first and wait before they answer.
  if (latency > 0 && path !== tokenPath && path !== revocationPath) {
    await delay(latency);
  }
  for (const environment of environments) {
    if (path === discoveryPaths[environment]) {
      sendJson(response, 200, discoveryDocument(state.origin, environment));
      return;
    }
    if (path === userInfoPaths[environment]) {
      handleUserInfo(state, environment, request, response);
      return;
    }
    const apiBase = apiBasePaths[environment];
    if (path.startsWith(`${apiBase}/`)) {
      handleApiRequest(state, environment, path.slice(apiBase.length), request, response);
      return;
    }
  }
  switch (path) {
    case authorizationPath:
      if (method === 'GET') {
        handleAuthorizationPage(state, url, response);
      } else if (method === 'POST') {
        await handleConsentSubmission(state, request, response);
      } else {
        methodNotAllowed(response, 'GET, POST');
      }
      return;
    case tokenPath:
      if (method === 'POST') {
        await handleTokenRequest(state, request, response, intuitTid);
      } else {
        methodNotAllowed(response, 'POST');
      }
      return;
    case revocationPath:
      if (method === 'POST') {
        await handleRevocation(state, request, response, intuitTid);
      } else {
        methodNotAllowed(response, 'POST');
      }
      return;
    case jwksPath:
      sendJson(response, 200, jwksDocument(state.signingKey));
      return;
    default:
      sendJson(response, 404, { error: 'not_found' });
  }
}

/** One HTTP server for every Intuit host the client talks to, plus the admin API. */
export function createSimulatorServer(state: SimulatorState): Server {
  const server = createServer((request, response) => {
    const intuitTid = createIntuitTid(state.clock.nowMs());
    response.setHeader('intuit_tid', intuitTid);
    route(state, request, response, intuitTid).catch((error: unknown) => {
      // A bug in the simulator must show as a 500 in the test that hit it, never as a crash.
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent && !response.destroyed) {
        sendJson(response, 500, { error: 'server_error', error_description: `simulator failure: ${message}` });
      } else {
        response.destroy();
      }
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    } else {
      socket.destroy();
    }
  });
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    function onError(error: Error): void {
      reject(error);
    }
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('the simulator did not get a TCP address'));
        return;
      }
      resolve(address);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
