import type { Environment } from './environment';

export type RevocationReason = 'revoke_endpoint' | 'user_disconnect' | 'code_reused';

export interface AuthorizationCodeRecord {
  readonly value: string;
  readonly clientId: string;
  readonly environment: Environment;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly realmId: string | null;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  usedAtMs: number | null;
  /** The connection the first exchange created: revoked if the code is presented again. */
  connectionId: string | null;
}

export interface ConnectionRecord {
  readonly id: string;
  readonly environment: Environment;
  readonly clientId: string;
  readonly realmId: string | null;
  readonly scopes: readonly string[];
  readonly consentAtMs: number;
  readonly hardCapAtMs: number;
  latestRefreshToken: string;
  revokedAtMs: number | null;
  revokedBecause: RevocationReason | null;
}

export interface RefreshTokenRecord {
  readonly value: string;
  readonly connectionId: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  supersededAtMs: number | null;
}

export interface AccessTokenRecord {
  readonly value: string;
  readonly connectionId: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/** Every code, connection and token the simulator has issued, keyed by raw value. */
export class SimulatorStore {
  readonly codes = new Map<string, AuthorizationCodeRecord>();
  readonly connections = new Map<string, ConnectionRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  #nextConnectionNumber = 1;

  nextConnectionId(): string {
    const id = `connection-${this.#nextConnectionNumber}`;
    this.#nextConnectionNumber += 1;
    return id;
  }

  revokeConnection(connectionId: string, reason: RevocationReason, nowMs: number): boolean {
    const connection = this.connections.get(connectionId);
    if (connection === undefined || connection.revokedAtMs !== null) {
      return false;
    }
    connection.revokedAtMs = nowMs;
    connection.revokedBecause = reason;
    return true;
  }

  clear(): void {
    this.codes.clear();
    this.connections.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.#nextConnectionNumber = 1;
  }
}
