import type { InvalidGrantCause } from './call-log';
import type { ClientRegistration } from './clients';
import { createAccessTokenValue, createRefreshTokenValue } from './identifiers';
import { signIdToken } from './id-token';
import type { SimulatorState } from './simulator-state';
import type { AccessTokenRecord, ConnectionRecord, RefreshTokenRecord } from './store';

export interface GrantSuccess {
  readonly kind: 'success';
  /** Simulator time at which the grant was decided; lifetimes in the answer count from it. */
  readonly atMs: number;
  readonly connection: ConnectionRecord;
  readonly refreshToken: RefreshTokenRecord;
  readonly accessToken: AccessTokenRecord;
  readonly idToken: string | null;
  readonly usedLatest: boolean | null;
  readonly rotated: boolean;
}

export interface GrantFailure {
  readonly kind: 'invalid_grant';
  readonly cause: InvalidGrantCause;
  readonly realmId: string | null;
  readonly usedLatest: boolean | null;
}

export type GrantResult = GrantSuccess | GrantFailure;

function failure(cause: InvalidGrantCause, realmId: string | null = null, usedLatest: boolean | null = null): GrantFailure {
  return { kind: 'invalid_grant', cause, realmId, usedLatest };
}

function issueRefreshToken(state: SimulatorState, connectionId: string, nowMs: number): RefreshTokenRecord {
  const record: RefreshTokenRecord = {
    value: createRefreshTokenValue(state.settings.refreshTokenFormat, Math.floor(nowMs / 1000)),
    connectionId,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + state.settings.refreshTokenLifetimeSeconds * 1000,
    supersededAtMs: null,
  };
  state.store.refreshTokens.set(record.value, record);
  return record;
}

function issueAccessToken(state: SimulatorState, connectionId: string, nowMs: number): AccessTokenRecord {
  const record: AccessTokenRecord = {
    value: createAccessTokenValue(),
    connectionId,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + state.settings.accessTokenLifetimeSeconds * 1000,
  };
  state.store.accessTokens.set(record.value, record);
  return record;
}

function idTokenFor(state: SimulatorState, connection: ConnectionRecord, nowMs: number): string | null {
  if (!connection.scopes.includes('openid')) {
    return null;
  }
  const issuedAt = Math.floor(nowMs / 1000);
  return signIdToken(state.signingKey, {
    iss: state.issuer(),
    aud: [connection.clientId],
    sub: state.user.sub,
    ...(connection.realmId === null ? {} : { realmid: connection.realmId }),
    auth_time: Math.floor(connection.consentAtMs / 1000),
    iat: issuedAt,
    exp: issuedAt + 3600,
  });
}

/** Seconds the refresh token has left: its own rolling lifetime, never past the hard cap. */
export function refreshTokenSecondsLeft(refreshToken: RefreshTokenRecord, connection: ConnectionRecord, nowMs: number): number {
  return Math.max(0, Math.floor((Math.min(refreshToken.expiresAtMs, connection.hardCapAtMs) - nowMs) / 1000));
}

export function exchangeAuthorizationCode(
  state: SimulatorState,
  client: ClientRegistration,
  code: string,
  redirectUri: string,
): GrantResult {
  const nowMs = state.clock.nowMs();
  const record = state.store.codes.get(code);
  if (record === undefined) {
    return failure('unknown_token');
  }
  if (record.clientId !== client.clientId) {
    return failure('wrong_environment', record.realmId);
  }
  if (record.usedAtMs !== null) {
    // Intuit treats a replayed code as a possible attack and revokes what the first exchange produced.
    if (record.connectionId !== null) {
      state.store.revokeConnection(record.connectionId, 'code_reused', nowMs);
    }
    return failure('code_reused', record.realmId);
  }
  if (nowMs >= record.expiresAtMs) {
    return failure('code_expired', record.realmId);
  }
  if (record.redirectUri !== redirectUri) {
    return failure('redirect_mismatch', record.realmId);
  }
  if (state.faults.isOutage(nowMs)) {
    return failure('outage', record.realmId);
  }
  const connectionId = state.store.nextConnectionId();
  const refreshToken = issueRefreshToken(state, connectionId, nowMs);
  const connection: ConnectionRecord = {
    id: connectionId,
    environment: record.environment,
    clientId: record.clientId,
    realmId: record.realmId,
    scopes: record.scopes,
    consentAtMs: record.issuedAtMs,
    hardCapAtMs: record.issuedAtMs + state.settings.hardCapSeconds * 1000,
    latestRefreshToken: refreshToken.value,
    revokedAtMs: null,
    revokedBecause: null,
  };
  state.store.connections.set(connectionId, connection);
  record.usedAtMs = nowMs;
  record.connectionId = connectionId;
  const accessToken = issueAccessToken(state, connectionId, nowMs);
  return {
    kind: 'success',
    atMs: nowMs,
    connection,
    refreshToken,
    accessToken,
    idToken: idTokenFor(state, connection, nowMs),
    usedLatest: null,
    rotated: true,
  };
}

export function refreshAccessToken(state: SimulatorState, client: ClientRegistration, value: string): GrantResult {
  const nowMs = state.clock.nowMs();
  const presented = state.store.refreshTokens.get(value);
  const connection = presented === undefined ? undefined : state.store.connections.get(presented.connectionId);
  if (presented === undefined || connection === undefined) {
    return failure('unknown_token');
  }
  const usedLatest = connection.latestRefreshToken === presented.value;
  if (connection.clientId !== client.clientId) {
    return failure('wrong_environment', connection.realmId, usedLatest);
  }
  if (connection.revokedAtMs !== null) {
    return failure('revoked', connection.realmId, usedLatest);
  }
  if (nowMs >= connection.hardCapAtMs) {
    return failure('hard_cap_expired', connection.realmId, usedLatest);
  }
  if (presented.supersededAtMs !== null && nowMs >= presented.supersededAtMs + state.settings.staleGraceSeconds * 1000) {
    return failure('stale_refresh_token', connection.realmId, usedLatest);
  }
  // A stale token inside its grace acts for the connection's latest one, and gets the latest back.
  const latest = usedLatest ? presented : state.store.refreshTokens.get(connection.latestRefreshToken);
  if (latest === undefined || nowMs >= presented.expiresAtMs || nowMs >= latest.expiresAtMs) {
    return failure('expired_refresh_token', connection.realmId, usedLatest);
  }
  if (state.faults.isOutage(nowMs)) {
    return failure('outage', connection.realmId, usedLatest);
  }
  const rotate = state.settings.rotateOnEveryRefresh || nowMs - latest.issuedAtMs >= state.settings.rotationWindowSeconds * 1000;
  let refreshToken = latest;
  if (rotate) {
    refreshToken = issueRefreshToken(state, connection.id, nowMs);
    latest.supersededAtMs = nowMs;
    connection.latestRefreshToken = refreshToken.value;
  }
  const accessToken = issueAccessToken(state, connection.id, nowMs);
  return {
    kind: 'success',
    atMs: nowMs,
    connection,
    refreshToken,
    accessToken,
    // Intuit sends an ID token with the code exchange only, not with refreshes.
    idToken: null,
    usedLatest,
    rotated: rotate,
  };
}

export type AccessTokenCheck =
  | { readonly kind: 'valid'; readonly token: AccessTokenRecord; readonly connection: ConnectionRecord }
  | { readonly kind: 'invalid'; readonly reason: 'unknown' | 'expired' | 'revoked'; readonly expiredAtMs: number | null };

export function checkAccessToken(state: SimulatorState, value: string | null): AccessTokenCheck {
  const token = value === null ? undefined : state.store.accessTokens.get(value);
  const connection = token === undefined ? undefined : state.store.connections.get(token.connectionId);
  if (token === undefined || connection === undefined) {
    return { kind: 'invalid', reason: 'unknown', expiredAtMs: null };
  }
  if (connection.revokedAtMs !== null) {
    return { kind: 'invalid', reason: 'revoked', expiredAtMs: null };
  }
  if (state.clock.nowMs() >= token.expiresAtMs) {
    return { kind: 'invalid', reason: 'expired', expiredAtMs: token.expiresAtMs };
  }
  return { kind: 'valid', token, connection };
}
