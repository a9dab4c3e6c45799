import type { IncomingMessage, ServerResponse } from 'node:http';
import { missingCaseError } from './assert';
import { newTokenCallDraft, type InvalidGrantCause, type MutableTokenCallDraft } from './call-log';
import type { ClientAuthentication } from './clients';
import type { InjectedStatus } from './faults';
import { exchangeAuthorizationCode, refreshAccessToken, refreshTokenSecondsLeft } from './grants';
import type { GrantResult } from './grants';
import { answerAfterLatency, mediaType, readBody, sendJson, singleParameter } from './http-helpers';
import { shortHash } from './identifiers';
import type { SimulatorState } from './simulator-state';

const tokenHeaders = { 'cache-control': 'no-cache, no-store', pragma: 'no-cache' };

type TokenAnswer =
  | { readonly kind: 'json'; readonly status: number; readonly body: Record<string, unknown>; readonly headers?: Record<string, string> }
  | { readonly kind: 'lost' };

function oauthError(status: number, error: string, description?: string): TokenAnswer {
  return { kind: 'json', status, body: description === undefined ? { error } : { error_description: description, error } };
}

function injectedAnswer({ status, retryAfterSeconds }: { status: InjectedStatus; retryAfterSeconds?: number }): TokenAnswer {
  const answer = oauthError(status, status === 429 ? 'too_many_requests' : 'server_error');
  return retryAfterSeconds === undefined || answer.kind !== 'json' ? answer : { ...answer, headers: { 'retry-after': String(retryAfterSeconds) } };
}

function invalidGrantDescription(state: SimulatorState, grantType: string, cause: InvalidGrantCause): string | undefined {
  if (state.settings.invalidGrantDescriptions === 'none' || grantType !== 'refresh_token') {
    return undefined;
  }
  return cause === 'revoked' ? 'Token invalid' : 'Incorrect or invalid refresh token';
}

/**
 * Handles one token request and records it. The record is written in every branch, because later
 * tests of the client judge it by this log. As at Intuit, the grant is applied and recorded before
 * the injected latency and the answer: a client that hangs up while it waits has still spent its
 * code or rotated its refresh token, and the record says the answer was not delivered.
 */
export async function handleTokenRequest(state: SimulatorState, request: IncomingMessage, response: ServerResponse, intuitTid: string): Promise<void> {
  const body = await readBody(request);
  if (body.kind === 'aborted') {
    // The request never arrived whole, so nothing was applied.
    return;
  }
  const draft = newTokenCallDraft('token', state.clock.nowMs(), intuitTid, 0);
  const answer = decide(state, request, body.kind === 'complete' ? body.body : null, body.kind, draft);
  if (answer.kind === 'lost') {
    draft.status = 200;
    draft.injectedFault = 'lost_response';
    state.callLog.add(draft, false);
    request.socket.destroy();
    return;
  }
  draft.status = answer.status;
  const error = answer.body.error;
  draft.error = typeof error === 'string' ? error : null;
  const record = state.callLog.add(draft);
  const delivered = await answerAfterLatency(state.faults.latencyMs(), response, () => {
    sendJson(response, answer.status, answer.body, { ...tokenHeaders, ...answer.headers });
  });
  state.callLog.settleDelivery(record, delivered);
}

function decide(
  state: SimulatorState,
  request: IncomingMessage,
  body: Buffer | null,
  bodyKind: 'complete' | 'too_large' | 'aborted',
  draft: MutableTokenCallDraft,
): TokenAnswer {
  if (bodyKind !== 'complete' || body === null) {
    return { kind: 'json', status: 413, body: { error_description: 'Request body too large', error: 'invalid_request' }, headers: { connection: 'close' } };
  }
  const injected = state.faults.takeFailure('token');
  if (injected !== null) {
    draft.injectedFault = 'http_error';
    return injectedAnswer(injected);
  }
  const form = mediaType(request) === 'application/x-www-form-urlencoded' ? new URLSearchParams(body.toString('utf8')) : null;
  const authentication = authenticateClient(state, request, form);
  if (authentication.kind === 'rejected') {
    draft.clientId = authentication.claimedClientId;
    return { kind: 'json', status: 401, body: { error: 'invalid_client' }, headers: { 'www-authenticate': 'Basic realm="Intuit"' } };
  }
  const client = authentication.client;
  draft.clientId = client.clientId;
  draft.environment = client.environment;
  if (form === null) {
    return oauthError(400, 'invalid_request');
  }
  const grantType = singleParameter(form, 'grant_type');
  draft.grantType = grantType ?? form.get('grant_type');
  switch (grantType) {
    case null:
      return oauthError(400, 'invalid_request');
    case 'authorization_code': {
      const code = singleParameter(form, 'code');
      const redirectUri = singleParameter(form, 'redirect_uri');
      draft.tokenHash = code === null ? null : shortHash(code);
      if (code === null || redirectUri === null) {
        return oauthError(400, 'invalid_request');
      }
      return grantAnswer(state, request, 'authorization_code', exchangeAuthorizationCode(state, client, code, redirectUri), draft);
    }
    case 'refresh_token': {
      const refreshToken = singleParameter(form, 'refresh_token');
      draft.tokenHash = refreshToken === null ? null : shortHash(refreshToken);
      if (refreshToken === null) {
        return oauthError(400, 'invalid_request');
      }
      return grantAnswer(state, request, 'refresh_token', refreshAccessToken(state, client, refreshToken), draft);
    }
    default:
      return oauthError(400, 'unsupported_grant_type');
  }
}

/** HTTP Basic when the request carries an Authorization header, else `client_secret_post`. */
function authenticateClient(state: SimulatorState, request: IncomingMessage, form: URLSearchParams | null): ClientAuthentication {
  if (request.headers.authorization !== undefined || form === null) {
    return state.clients.authenticate(request.headers.authorization);
  }
  const clientId = singleParameter(form, 'client_id');
  const secret = singleParameter(form, 'client_secret');
  if (clientId === null || secret === null) {
    return { kind: 'rejected', claimedClientId: clientId?.slice(0, 64) ?? null };
  }
  return state.clients.authenticateSecret(clientId, secret);
}

function grantAnswer(
  state: SimulatorState,
  request: IncomingMessage,
  grantType: 'authorization_code' | 'refresh_token',
  result: GrantResult,
  draft: MutableTokenCallDraft,
): TokenAnswer {
  switch (result.kind) {
    case 'invalid_grant':
      draft.realmId = result.realmId;
      draft.cause = result.cause;
      draft.usedLatest = result.usedLatest;
      return oauthError(400, 'invalid_grant', invalidGrantDescription(state, grantType, result.cause));
    case 'success': {
      const nowMs = result.atMs;
      const connection = result.connection;
      draft.realmId = connection.realmId;
      draft.usedLatest = result.usedLatest;
      draft.rotated = grantType === 'refresh_token' ? result.rotated : null;
      draft.issuedRefreshTokenHash = shortHash(result.refreshToken.value);
      if (state.faults.takeLostResponse(grantType, connection.realmId)) {
        return { kind: 'lost' };
      }
      const includeHardExpiry = (request.headers['x-include-refresh-token-hard-expires-in'] ?? '').toString().trim().toLowerCase() === 'true';
      const body: Record<string, unknown> = {};
      if (result.idToken !== null) {
        body.id_token = result.idToken;
      }
      body.expires_in = Math.floor((result.accessToken.expiresAtMs - nowMs) / 1000);
      body.token_type = 'bearer';
      body.x_refresh_token_expires_in = refreshTokenSecondsLeft(result.refreshToken, connection, nowMs);
      if (includeHardExpiry) {
        body.x_refresh_token_hard_expires_in = Math.max(0, Math.floor((connection.hardCapAtMs - nowMs) / 1000));
      }
      body.refresh_token = result.refreshToken.value;
      body.access_token = result.accessToken.value;
      return { kind: 'json', status: 200, body };
    }
    default:
      throw missingCaseError(result);
  }
}
