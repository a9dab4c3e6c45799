import type { Environment } from './environment';

export type InvalidGrantCause =
  | 'code_reused'
  | 'code_expired'
  | 'redirect_mismatch'
  | 'wrong_environment'
  | 'stale_refresh_token'
  | 'expired_refresh_token'
  | 'hard_cap_expired'
  | 'revoked'
  | 'outage'
  | 'unknown_token';

export type InjectedFault = 'http_error' | 'lost_response';

/** One call to the token or revocation endpoint, as the simulator understood it. */
export interface TokenCallRecord {
  readonly sequence: number;
  readonly endpoint: 'token' | 'revoke';
  /** Simulator time. */
  readonly atMs: number;
  readonly at: string;
  readonly environment: Environment | null;
  readonly clientId: string | null;
  readonly grantType: string | null;
  readonly realmId: string | null;
  readonly status: number;
  readonly error: string | null;
  readonly cause: InvalidGrantCause | null;
  readonly intuitTid: string;
  /** shortHash of the code, refresh token or revoked token sent; never the value. */
  readonly tokenHash: string | null;
  /** Refresh grant only: whether the token sent was the connection's latest. */
  readonly usedLatest: boolean | null;
  /** Successful refresh only: whether a new refresh token value was issued. */
  readonly rotated: boolean | null;
  /** shortHash of the refresh token returned, when one was. */
  readonly issuedRefreshTokenHash: string | null;
  readonly injectedFault: InjectedFault | null;
  /**
   * Whether the answer reached the client's connection: false when the client had hung up first
   * (during injected latency) or the answer was dropped on purpose; null while it is being sent.
   * The call was applied either way, as Intuit applies a request whose answer is lost.
   */
  readonly delivered: boolean | null;
}

export type TokenCallDraft = Omit<TokenCallRecord, 'sequence' | 'at' | 'delivered'>;

/** A call's record while it is being decided: every field filled in as the request is read. */
export type MutableTokenCallDraft = { -readonly [Key in keyof TokenCallDraft]: TokenCallDraft[Key] };

export function newTokenCallDraft(endpoint: TokenCallDraft['endpoint'], atMs: number, intuitTid: string, status: number): MutableTokenCallDraft {
  return {
    endpoint,
    atMs,
    environment: null,
    clientId: null,
    grantType: null,
    realmId: null,
    status,
    error: null,
    cause: null,
    intuitTid,
    tokenHash: null,
    usedLatest: null,
    rotated: null,
    issuedRefreshTokenHash: null,
    injectedFault: null,
  };
}

export class CallLog {
  #records: TokenCallRecord[] = [];
  #nextSequence = 1;

  add(draft: TokenCallDraft, delivered: boolean | null = null): TokenCallRecord {
    const record: TokenCallRecord = Object.freeze({
      sequence: this.#nextSequence,
      ...draft,
      at: new Date(draft.atMs).toISOString(),
      delivered,
    });
    this.#nextSequence += 1;
    this.#records.push(record);
    return record;
  }

  /** Records whether the call's answer reached the client, once that is known. */
  settleDelivery(record: TokenCallRecord, delivered: boolean): void {
    // A reset may have cleared the log while the answer waited; the old record is then gone.
    const index = this.#records.indexOf(record);
    if (index >= 0) {
      this.#records[index] = Object.freeze({ ...record, delivered });
    }
  }

  list(): readonly TokenCallRecord[] {
    return [...this.#records];
  }

  clear(): void {
    this.#records = [];
    this.#nextSequence = 1;
  }
}
