import { z } from 'zod';
import type {
  ClientRegistration,
  Company,
  CompanyInput,
  Environment,
  FaultsInput,
  FaultsSnapshot,
  SimulatorSettings,
  SimulatorSettingsPatch,
  TokenCallRecord,
} from '../../main/simulator/index';
import { adminPrefix, authorizationPath } from '../../main/simulator/index';

/** A typed client for the Intuit simulator's admin API (`/__simulator/…`), for tests. */

export class SimulatorAdminError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(`simulator admin answered ${status}: ${message}`);
    this.name = 'SimulatorAdminError';
    this.status = status;
  }
}

export type ConsentResult = { readonly kind: 'redirect'; readonly redirectUrl: string } | { readonly kind: 'error_page'; readonly message: string };

export interface ConnectResult {
  readonly redirectUrl: string;
  readonly code: string;
  readonly state: string | null;
  readonly realmId: string | null;
}

export interface ClockReading {
  readonly nowMs: number;
  readonly now: string;
  readonly offsetMs: number;
}

export interface ConnectionSummary {
  readonly id: string;
  readonly environment: Environment;
  readonly clientId: string;
  readonly realmId: string | null;
  readonly scopes: readonly string[];
  readonly consentAtMs: number;
  readonly hardCapAtMs: number;
  readonly revokedAtMs: number | null;
  readonly revokedBecause: 'revoke_endpoint' | 'user_disconnect' | 'code_reused' | null;
  readonly latestRefreshTokenHash: string;
}

export interface SimulatorInfo {
  readonly url: string;
  readonly adminPrefix: string;
  readonly clients: readonly ClientRegistration[];
  readonly settings: SimulatorSettings;
}

const consentResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('redirect'), redirectUrl: z.string() }),
  z.object({ kind: z.literal('error_page'), message: z.string() }),
]);

const issuedSecretsSchema = z.object({
  codes: z.array(z.string()),
  accessTokens: z.array(z.string()),
  refreshTokens: z.array(z.string()),
  clientSecrets: z.array(z.string()),
});

export type IssuedSecrets = z.output<typeof issuedSecretsSchema>;

const clockSchema = z.object({ nowMs: z.number(), now: z.string(), offsetMs: z.number() });

const causeSchema = z.enum([
  'code_reused',
  'code_expired',
  'redirect_mismatch',
  'wrong_environment',
  'stale_refresh_token',
  'expired_refresh_token',
  'hard_cap_expired',
  'revoked',
  'outage',
  'unknown_token',
]);

const tokenCallSchema = z.object({
  sequence: z.number(),
  endpoint: z.enum(['token', 'revoke']),
  atMs: z.number(),
  at: z.string(),
  environment: z.enum(['sandbox', 'production']).nullable(),
  clientId: z.string().nullable(),
  grantType: z.string().nullable(),
  realmId: z.string().nullable(),
  status: z.number(),
  error: z.string().nullable(),
  cause: causeSchema.nullable(),
  intuitTid: z.string(),
  tokenHash: z.string().nullable(),
  usedLatest: z.boolean().nullable(),
  rotated: z.boolean().nullable(),
  issuedRefreshTokenHash: z.string().nullable(),
  injectedFault: z.enum(['http_error', 'lost_response']).nullable(),
  delivered: z.boolean().nullable(),
});

export interface AuthorizationUrlInput {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state?: string;
  readonly scope?: string;
  readonly responseType?: string;
}

export const defaultScope = 'com.intuit.quickbooks.accounting openid profile email';

/** The URL a client would open in the browser: Intuit's authorization endpoint with its parameters. */
export function authorizationUrl(simulatorUrl: string, input: AuthorizationUrlInput): string {
  const url = new URL(authorizationPath, simulatorUrl);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('response_type', input.responseType ?? 'code');
  url.searchParams.set('scope', input.scope ?? defaultScope);
  url.searchParams.set('redirect_uri', input.redirectUri);
  if (input.state !== undefined) {
    url.searchParams.set('state', input.state);
  }
  return url.toString();
}

export class SimulatorAdmin {
  readonly #base: string;

  /** `simulatorUrl` is the simulator's origin (RunningSimulator.url). */
  constructor(simulatorUrl: string) {
    this.#base = `${simulatorUrl.replace(/\/$/, '')}${adminPrefix}`;
  }

  async #call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.#base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      throw new SimulatorAdminError(response.status, `not JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      const message = z.object({ message: z.string() }).safeParse(parsed);
      throw new SimulatorAdminError(response.status, message.success ? message.data.message : text.slice(0, 200));
    }
    return parsed;
  }

  async info(): Promise<SimulatorInfo> {
    return (await this.#call('GET', '/info')) as SimulatorInfo;
  }

  /** Consent without a browser: the redirect Intuit would make, or the error page it would show. */
  async consent(input: { authorizationUrl: string; action: 'connect' | 'cancel'; realmId?: string }): Promise<ConsentResult> {
    return consentResultSchema.parse(await this.#call('POST', '/consent', input));
  }

  /** Consent with Connect and read the redirect; throws unless Intuit would redirect with a code. */
  async connect(input: { authorizationUrl: string; realmId?: string }): Promise<ConnectResult> {
    const result = await this.consent({ ...input, action: 'connect' });
    if (result.kind !== 'redirect') {
      throw new Error(`expected a redirect, Intuit would show an error page: ${result.message}`);
    }
    const redirect = new URL(result.redirectUrl);
    const code = redirect.searchParams.get('code');
    if (code === null) {
      throw new Error(`the redirect carries no code: ${result.redirectUrl}`);
    }
    return { redirectUrl: result.redirectUrl, code, state: redirect.searchParams.get('state'), realmId: redirect.searchParams.get('realmId') };
  }

  /** The user disconnects the app from a company inside QuickBooks. */
  async disconnect(input: { realmId: string; clientId?: string }): Promise<{ revokedConnections: number }> {
    return z.object({ revokedConnections: z.number() }).parse(await this.#call('POST', '/disconnect', input));
  }

  async companies(environment?: Environment): Promise<readonly Company[]> {
    const query = environment === undefined ? '' : `?environment=${environment}`;
    return ((await this.#call('GET', `/companies${query}`)) as { companies: Company[] }).companies;
  }

  async addCompany(input: CompanyInput): Promise<Company> {
    return ((await this.#call('POST', '/companies', input)) as { company: Company }).company;
  }

  async clock(): Promise<ClockReading> {
    return clockSchema.parse(await this.#call('GET', '/clock'));
  }

  async advanceClock(milliseconds: number): Promise<ClockReading> {
    return clockSchema.parse(await this.#call('POST', '/clock/advance', { ms: milliseconds }));
  }

  async settings(): Promise<SimulatorSettings> {
    return ((await this.#call('GET', '/settings')) as { settings: SimulatorSettings }).settings;
  }

  async updateSettings(patch: SimulatorSettingsPatch): Promise<SimulatorSettings> {
    return ((await this.#call('POST', '/settings', patch)) as { settings: SimulatorSettings }).settings;
  }

  async faults(): Promise<FaultsSnapshot> {
    return ((await this.#call('GET', '/faults')) as { faults: FaultsSnapshot }).faults;
  }

  async setFaults(input: FaultsInput): Promise<FaultsSnapshot> {
    return ((await this.#call('POST', '/faults', input)) as { faults: FaultsSnapshot }).faults;
  }

  async clearFaults(): Promise<FaultsSnapshot> {
    return ((await this.#call('DELETE', '/faults')) as { faults: FaultsSnapshot }).faults;
  }

  async reset(): Promise<void> {
    await this.#call('POST', '/reset', {});
  }

  /** Every token- and revocation-endpoint call so far, oldest first. */
  async tokenCalls(): Promise<readonly TokenCallRecord[]> {
    return z.object({ calls: z.array(tokenCallSchema) }).parse(await this.#call('GET', '/token-calls')).calls;
  }

  async lastTokenCall(): Promise<TokenCallRecord> {
    const calls = await this.tokenCalls();
    const last = calls.at(-1);
    if (last === undefined) {
      throw new Error('no token-endpoint call has been recorded');
    }
    return last;
  }

  /** Every code, access token, refresh token and client secret the simulator issued since its last reset. */
  async issuedSecrets(): Promise<IssuedSecrets> {
    return issuedSecretsSchema.parse(await this.#call('GET', '/issued-secrets'));
  }

  async connections(): Promise<readonly ConnectionSummary[]> {
    return ((await this.#call('GET', '/connections')) as { connections: ConnectionSummary[] }).connections;
  }
}
