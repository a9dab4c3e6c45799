import type { ClientRegistration, Environment, RunningSimulator } from '../../main/simulator/index';
import { revocationPath, tokenPath } from '../../main/simulator/index';
import { authorizationUrl, type SimulatorAdmin } from '../support/simulator-admin';

/** Requests as a client of Intuit would send them, for the simulator's own tests. */

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: Record<string, unknown> | null;
}

export function basicAuthorization(client: Pick<ClientRegistration, 'clientId' | 'clientSecret'>): string {
  return `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
}

export async function send(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: Record<string, unknown> | null;
  try {
    const parsed: unknown = JSON.parse(text);
    json = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function tokenRequest(
  simulator: RunningSimulator,
  client: Pick<ClientRegistration, 'clientId' | 'clientSecret'>,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return send(`${simulator.url}${tokenPath}`, {
    method: 'POST',
    headers: {
      authorization: basicAuthorization(client),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
}

export function exchangeCode(simulator: RunningSimulator, client: ClientRegistration, code: string, redirectUri: string): Promise<HttpAnswer> {
  return tokenRequest(simulator, client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
}

export function refresh(simulator: RunningSimulator, client: ClientRegistration, refreshToken: string): Promise<HttpAnswer> {
  return tokenRequest(simulator, client, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

export function revoke(simulator: RunningSimulator, client: ClientRegistration, token: string, encoding: 'json' | 'form' = 'json'): Promise<HttpAnswer> {
  return send(`${simulator.url}${revocationPath}`, {
    method: 'POST',
    headers: {
      authorization: basicAuthorization(client),
      'content-type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: encoding === 'json' ? JSON.stringify({ token }) : new URLSearchParams({ token }).toString(),
  });
}

export function companyInfo(simulator: RunningSimulator, environment: Environment, realmId: string, accessToken: string): Promise<HttpAnswer> {
  return send(`${simulator.apiBaseUrl(environment)}/v3/company/${realmId}/companyinfo/${realmId}?minorversion=75`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
}

export function stringField(answer: HttpAnswer, name: string): string {
  const value = answer.json?.[name];
  if (typeof value !== 'string') {
    throw new Error(`expected a string ${name} in ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return value;
}

export function numberField(answer: HttpAnswer, name: string): number {
  const value = answer.json?.[name];
  if (typeof value !== 'number') {
    throw new Error(`expected a number ${name} in ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return value;
}

export interface Connected {
  readonly realmId: string;
  readonly code: string;
  readonly redirectUri: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly answer: HttpAnswer;
}

/** Consent through the admin API and exchange the code: a connected company in two calls. */
export async function connectCompany(
  simulator: RunningSimulator,
  admin: SimulatorAdmin,
  environment: Environment = 'sandbox',
  options: { realmId?: string; scope?: string } = {},
): Promise<Connected> {
  const client = simulator.clients[environment];
  const redirectUri = client.redirectUris[0] ?? '';
  const companies = await admin.companies(environment);
  const realmId = options.realmId ?? companies[0]?.realmId ?? '';
  const consent = await admin.connect({
    authorizationUrl: authorizationUrl(simulator.url, { clientId: client.clientId, redirectUri, state: 'state-1', ...(options.scope === undefined ? {} : { scope: options.scope }) }),
    realmId,
  });
  const answer = await exchangeCode(simulator, client, consent.code, redirectUri);
  if (answer.status !== 200) {
    throw new Error(`exchange failed: ${answer.status} ${answer.text}`);
  }
  return { realmId, code: consent.code, redirectUri, accessToken: stringField(answer, 'access_token'), refreshToken: stringField(answer, 'refresh_token'), answer };
}

export const hourMs = 3600 * 1000;
export const dayMs = 24 * hourMs;
