import type { IncomingMessage, ServerResponse } from 'node:http';
import { newTokenCallDraft } from './call-log';
import { answerAfterLatency, mediaType, readBody, sendEmpty, sendJson } from './http-helpers';
import { shortHash } from './identifiers';
import type { SimulatorState } from './simulator-state';

function tokenFromBody(contentType: string, body: Buffer): string | null {
  const text = body.toString('utf8');
  if (contentType === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && 'token' in parsed && typeof parsed.token === 'string' && parsed.token !== '') {
        return parsed.token;
      }
    } catch {
      return null;
    }
    return null;
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const values = new URLSearchParams(text).getAll('token');
    return values.length === 1 && values[0] !== '' ? (values[0] ?? null) : null;
  }
  return null;
}

/** The connection a refresh or access token belongs to, if this client issued it. */
function connectionIdFor(state: SimulatorState, token: string): string | null {
  return state.store.refreshTokens.get(token)?.connectionId ?? state.store.accessTokens.get(token)?.connectionId ?? null;
}

export async function handleRevocation(state: SimulatorState, request: IncomingMessage, response: ServerResponse, intuitTid: string): Promise<void> {
  const body = await readBody(request);
  if (body.kind === 'aborted') {
    return;
  }
  const nowMs = state.clock.nowMs();
  const draft = newTokenCallDraft('revoke', nowMs, intuitTid, 200);
  /** Applied and recorded first, answered after any injected latency (see token-endpoint.ts). */
  async function answer(send: () => void): Promise<void> {
    const record = state.callLog.add(draft);
    state.callLog.settleDelivery(record, await answerAfterLatency(state.faults.latencyMs(), response, send));
  }
  function answerError(status: number, error: string): Promise<void> {
    draft.status = status;
    draft.error = error;
    return answer(() => sendJson(response, status, { error }, { 'cache-control': 'no-cache, no-store' }));
  }
  if (body.kind === 'too_large') {
    await answerError(413, 'invalid_request');
    return;
  }
  const authentication = state.clients.authenticate(request.headers.authorization);
  if (authentication.kind === 'rejected') {
    draft.clientId = authentication.claimedClientId;
    await answerError(401, 'invalid_client');
    return;
  }
  draft.clientId = authentication.client.clientId;
  draft.environment = authentication.client.environment;
  const token = tokenFromBody(mediaType(request), body.body);
  if (token === null) {
    await answerError(400, 'invalid_request');
    return;
  }
  draft.tokenHash = shortHash(token);
  const connectionId = connectionIdFor(state, token);
  const connection = connectionId === null ? undefined : state.store.connections.get(connectionId);
  if (connection !== undefined) {
    draft.realmId = connection.realmId;
    draft.usedLatest = state.store.refreshTokens.has(token) ? connection.latestRefreshToken === token : null;
    // RFC 7009 §2.1: a token issued to another client is refused, and left alone.
    if (connection.clientId !== authentication.client.clientId) {
      await answerError(400, 'invalid_request');
      return;
    }
    state.store.revokeConnection(connection.id, 'revoke_endpoint', nowMs);
  }
  // RFC 7009 §2.2: an unknown or already revoked token is answered like a good one.
  await answer(() => sendEmpty(response, 200));
}
