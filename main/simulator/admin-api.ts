import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { missingCaseError } from './assert';
import { completeConsent, evaluateAuthorizationRequest } from './authorization';
import { companyInputSchema } from './companies';
import { authorizationPath } from './discovery';
import { faultsInputSchema } from './faults';
import { readBody, sendJson } from './http-helpers';
import { shortHash } from './identifiers';
import { simulatorSettingsPatchSchema, simulatorSettingsSchema } from './settings';
import type { SimulatorState } from './simulator-state';

/** Nothing at Intuit lives under this prefix, so an admin call can never pass for an Intuit one. */
export const adminPrefix = '/__simulator';

const consentSchema = z.strictObject({
  authorizationUrl: z.string().min(1).max(8192),
  action: z.enum(['connect', 'cancel']),
  realmId: z.string().max(19).optional(),
});

const disconnectSchema = z.strictObject({
  realmId: z.string().regex(/^\d{1,19}$/),
  clientId: z.string().min(1).max(200).optional(),
});

const advanceSchema = z.strictObject({ ms: z.number().int().nonnegative().max(100 * 366 * 24 * 3600 * 1000) });

class AdminInputError extends Error {}

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    throw new AdminInputError(problems.join('; '));
  }
  return result.data;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request);
  if (body.kind !== 'complete') {
    throw new AdminInputError('the request body is too large or was cut off');
  }
  const text = body.body.toString('utf8').trim();
  if (text === '') {
    return {};
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AdminInputError('the request body is not JSON');
  }
}

function consent(state: SimulatorState, input: z.output<typeof consentSchema>): Record<string, unknown> {
  let url: URL;
  try {
    url = new URL(input.authorizationUrl, state.origin);
  } catch {
    throw new AdminInputError('authorizationUrl is not a URL');
  }
  if (url.pathname !== authorizationPath) {
    throw new AdminInputError(`authorizationUrl must point at ${authorizationPath}`);
  }
  const evaluation = evaluateAuthorizationRequest(state, url.searchParams);
  switch (evaluation.kind) {
    case 'error_page':
      return { kind: 'error_page', message: evaluation.message };
    case 'redirect':
      return { kind: 'redirect', redirectUrl: evaluation.redirectUrl };
    case 'consent':
      break;
    default:
      throw missingCaseError(evaluation);
  }
  const outcome = completeConsent(
    state,
    evaluation.request,
    input.action === 'cancel' ? { action: 'cancel' } : { action: 'connect', realmId: input.realmId ?? null },
  );
  switch (outcome.kind) {
    case 'redirect':
      return { kind: 'redirect', redirectUrl: outcome.redirectUrl };
    case 'choose_company':
      throw new AdminInputError(
        `realmId must be one of the ${evaluation.request.client.environment} companies: ${evaluation.request.companies.map((company) => company.realmId).join(', ')}`,
      );
    default:
      throw missingCaseError(outcome);
  }
}

function disconnect(state: SimulatorState, input: z.output<typeof disconnectSchema>): Record<string, unknown> {
  const nowMs = state.clock.nowMs();
  let revoked = 0;
  for (const connection of state.store.connections.values()) {
    if (connection.realmId === input.realmId && (input.clientId === undefined || connection.clientId === input.clientId)) {
      if (state.store.revokeConnection(connection.id, 'user_disconnect', nowMs)) {
        revoked += 1;
      }
    }
  }
  return { revokedConnections: revoked };
}

function connections(state: SimulatorState): Record<string, unknown> {
  return {
    connections: [...state.store.connections.values()].map((connection) => ({
      id: connection.id,
      environment: connection.environment,
      clientId: connection.clientId,
      realmId: connection.realmId,
      scopes: connection.scopes,
      consentAtMs: connection.consentAtMs,
      hardCapAtMs: connection.hardCapAtMs,
      revokedAtMs: connection.revokedAtMs,
      revokedBecause: connection.revokedBecause,
      latestRefreshTokenHash: shortHash(connection.latestRefreshToken),
    })),
  };
}

/**
 * Every secret the simulator has issued since its last reset, raw: the codes, access and refresh
 * tokens, and the registered clients' secrets. Tests scan a data folder, logs and bundles for
 * them; the admin API already hands out codes and client secrets, so this adds nothing an
 * attacker on the loopback interface could not get, and Intuit has no such route.
 */
function issuedSecrets(state: SimulatorState): Record<string, unknown> {
  return {
    codes: [...state.store.codes.keys()],
    accessTokens: [...state.store.accessTokens.keys()],
    refreshTokens: [...state.store.refreshTokens.keys()],
    clientSecrets: state.clients.list().map((client) => client.clientSecret),
  };
}

function clock(state: SimulatorState): Record<string, unknown> {
  const nowMs = state.clock.nowMs();
  return { nowMs, now: new Date(nowMs).toISOString(), offsetMs: state.clock.offsetMs() };
}

function info(state: SimulatorState): Record<string, unknown> {
  return {
    url: state.origin,
    adminPrefix,
    clients: state.clients.list(),
    settings: state.settings,
  };
}

async function route(state: SimulatorState, method: string, path: string, url: URL, request: IncomingMessage): Promise<[number, unknown]> {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /info':
      return [200, info(state)];
    case 'POST /consent':
      return [200, consent(state, parse(consentSchema, await readJson(request)))];
    case 'POST /disconnect':
      return [200, disconnect(state, parse(disconnectSchema, await readJson(request)))];
    case 'GET /companies': {
      const environment = url.searchParams.get('environment');
      const filter = environment === null ? undefined : parse(z.enum(['sandbox', 'production']), environment);
      return [200, { companies: state.companies.list(filter) }];
    }
    case 'POST /companies': {
      const input = parse(companyInputSchema, await readJson(request));
      try {
        return [200, { company: state.companies.add(input) }];
      } catch (error) {
        throw new AdminInputError(error instanceof Error ? error.message : String(error));
      }
    }
    case 'GET /clock':
      return [200, clock(state)];
    case 'POST /clock/advance':
      state.clock.advance(parse(advanceSchema, await readJson(request)).ms);
      return [200, clock(state)];
    case 'GET /settings':
      return [200, { settings: state.settings }];
    case 'POST /settings': {
      const patch = parse(simulatorSettingsPatchSchema, await readJson(request));
      state.settings = simulatorSettingsSchema.parse({ ...state.settings, ...patch });
      return [200, { settings: state.settings }];
    }
    case 'GET /faults':
      return [200, { faults: state.faults.snapshot() }];
    case 'POST /faults': {
      const input = parse(faultsInputSchema, await readJson(request));
      try {
        state.faults.apply(input, state.clock.nowMs());
      } catch (error) {
        throw new AdminInputError(error instanceof Error ? error.message : String(error));
      }
      return [200, { faults: state.faults.snapshot() }];
    }
    case 'DELETE /faults':
      state.faults.clear();
      return [200, { faults: state.faults.snapshot() }];
    case 'POST /reset':
      state.reset();
      return [200, { reset: true }];
    case 'GET /token-calls':
      return [200, { calls: state.callLog.list() }];
    case 'GET /connections':
      return [200, connections(state)];
    case 'GET /issued-secrets':
      return [200, issuedSecrets(state)];
    default:
      return [404, { error: 'not_found', message: `no admin route ${key}` }];
  }
}

export async function handleAdminRequest(state: SimulatorState, url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = url.pathname.slice(adminPrefix.length) || '/';
  try {
    const [status, body] = await route(state, request.method ?? 'GET', path, url, request);
    sendJson(response, status, body);
  } catch (error) {
    if (error instanceof AdminInputError) {
      sendJson(response, 400, { error: 'bad_request', message: error.message });
      return;
    }
    throw error;
  }
}
