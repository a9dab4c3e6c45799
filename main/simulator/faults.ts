import { z } from 'zod';

const injectedStatus = z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]);

export const faultsInputSchema = z.strictObject({
  /**
   * Added before every Intuit-facing response (not the admin API). The token and revocation
   * endpoints apply and record the call first, as Intuit does, so a client that gives up waiting
   * has still spent its code or rotated its token; the call log then says `delivered: false`.
   */
  latencyMs: z.number().int().min(0).max(130_000).optional(),
  /** The next `count` responses of that endpoint fail with `status`, before any state changes. */
  failNext: z
    .strictObject({
      target: z.enum(['token', 'api']),
      count: z.number().int().min(1).max(10_000),
      status: injectedStatus,
      /** Sent as `Retry-After` with each of these answers (a throttle or a maintenance window that says how long). */
      retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    })
    .optional(),
  /** The token endpoint answers invalid_grant to good tokens, changing nothing. Simulator time. */
  outage: z
    .union([
      z.strictObject({ fromMs: z.number().int().optional(), untilMs: z.number().int() }),
      z.strictObject({ forSeconds: z.number().positive().max(10 * 366 * 24 * 3600) }),
    ])
    .optional(),
  /** The next matching successful grant is applied, then the socket is destroyed unanswered. */
  lostResponse: z
    .strictObject({
      grantType: z.enum(['refresh_token', 'authorization_code']).default('refresh_token'),
      realmId: z.string().regex(/^\d{1,19}$/).optional(),
    })
    .optional(),
});

export type FaultsInput = z.input<typeof faultsInputSchema>;

type ParsedFaultsInput = z.output<typeof faultsInputSchema>;

export type FaultTarget = 'token' | 'api';
export type InjectedStatus = z.infer<typeof injectedStatus>;

export interface InjectedFailure {
  readonly count: number;
  readonly status: InjectedStatus;
  readonly retryAfterSeconds?: number;
}

export interface OutageWindow {
  readonly fromMs: number;
  readonly untilMs: number;
}

export interface LostResponseFault {
  readonly grantType: 'refresh_token' | 'authorization_code';
  readonly realmId: string | null;
}

export interface FaultsSnapshot {
  readonly latencyMs: number;
  readonly failNext: Readonly<Record<FaultTarget, InjectedFailure | null>>;
  readonly outages: readonly OutageWindow[];
  readonly lostResponses: readonly LostResponseFault[];
}

export class FaultController {
  #latencyMs = 0;
  #failNext: Record<FaultTarget, { count: number; status: InjectedStatus; retryAfterSeconds?: number } | null> = { token: null, api: null };
  #outages: OutageWindow[] = [];
  #lostResponses: LostResponseFault[] = [];

  apply(input: ParsedFaultsInput, nowMs: number): void {
    if (input.latencyMs !== undefined) {
      this.#latencyMs = input.latencyMs;
    }
    if (input.failNext !== undefined) {
      const { count, status, retryAfterSeconds } = input.failNext;
      this.#failNext[input.failNext.target] = retryAfterSeconds === undefined ? { count, status } : { count, status, retryAfterSeconds };
    }
    if (input.outage !== undefined) {
      const window =
        'forSeconds' in input.outage
          ? { fromMs: nowMs, untilMs: nowMs + Math.round(input.outage.forSeconds * 1000) }
          : { fromMs: input.outage.fromMs ?? nowMs, untilMs: input.outage.untilMs };
      if (window.untilMs <= window.fromMs) {
        throw new RangeError('outage.untilMs must be later than its start');
      }
      this.#outages.push(window);
    }
    if (input.lostResponse !== undefined) {
      this.#lostResponses.push({ grantType: input.lostResponse.grantType, realmId: input.lostResponse.realmId ?? null });
    }
  }

  latencyMs(): number {
    return this.#latencyMs;
  }

  /** Consumes one injected failure for the target, if any is pending. */
  takeFailure(target: FaultTarget): Omit<InjectedFailure, 'count'> | null {
    const pending = this.#failNext[target];
    if (pending === null) {
      return null;
    }
    pending.count -= 1;
    if (pending.count <= 0) {
      this.#failNext[target] = null;
    }
    return pending.retryAfterSeconds === undefined ? { status: pending.status } : { status: pending.status, retryAfterSeconds: pending.retryAfterSeconds };
  }

  isOutage(nowMs: number): boolean {
    return this.#outages.some((window) => nowMs >= window.fromMs && nowMs < window.untilMs);
  }

  /** Consumes the first lost-response fault matching this successful grant, if any. */
  takeLostResponse(grantType: LostResponseFault['grantType'], realmId: string | null): boolean {
    const index = this.#lostResponses.findIndex(
      (fault) => fault.grantType === grantType && (fault.realmId === null || fault.realmId === realmId),
    );
    if (index < 0) {
      return false;
    }
    this.#lostResponses.splice(index, 1);
    return true;
  }

  snapshot(): FaultsSnapshot {
    return {
      latencyMs: this.#latencyMs,
      failNext: {
        token: this.#failNext.token === null ? null : { ...this.#failNext.token },
        api: this.#failNext.api === null ? null : { ...this.#failNext.api },
      },
      outages: [...this.#outages],
      lostResponses: [...this.#lostResponses],
    };
  }

  clear(): void {
    this.#latencyMs = 0;
    this.#failNext = { token: null, api: null };
    this.#outages = [];
    this.#lostResponses = [];
  }
}
