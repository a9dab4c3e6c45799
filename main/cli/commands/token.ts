import type { TokenAccess } from '../../core/engine/token-access';
import type { CompanyView } from '../../core/engine/company-view';
import type { AccessTokenResult } from '../../core/tokens/refresh-result';
import { printLine, type CliContext } from '../cli-context';
import { CliFailure, UsageError } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { refreshOutcome } from '../refresh-outcome';
import { withTokenAccess } from '../with-token-access';

export const tokenCommand: CommandDefinition = {
  name: 'token',
  synopsis: '<company> | --all --json',
  summary: 'Print a valid access token and nothing else (for scripts), refreshing through the lease if needed',
  options: {
    all: { type: 'boolean', description: "every connected company's access token, in one process (needs --json)" },
    json: { type: 'boolean', description: 'print JSON: the token with its company and expiry' },
  },
  positionals: { minimum: 0, maximum: 1 },
  run: runToken,
};

/** One company's answer in `token --json` and `token --all --json`. */
export type TokenEntry =
  | { readonly id: string; readonly realmId: string; readonly name: string; readonly environment: string; readonly accessToken: string; readonly expiresAt: string }
  | { readonly id: string; readonly realmId: string; readonly name: string; readonly environment: string; readonly error: { readonly exitCode: ExitCode; readonly message: string } };

/**
 * The one command whose stdout is a secret, on purpose: scripts take their access token from
 * here, so nothing but Realmkeeper ever holds the refresh token or refreshes it.
 */
export async function runToken(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const all = input.values['all'] === true;
  const json = input.values['json'] === true;
  const query = input.positionals[0];
  if (all === (query !== undefined)) throw new UsageError('Name one company, or pass --all --json: realmkeeper token <company> | --all --json');
  // Bare tokens one per line would not say whose they are; with --all the answer is JSON only.
  if (all && !json) throw new UsageError('token --all prints every company with its token as JSON: add --json.');
  return withTokenAccess(context, async (engine) => {
    if (all) return printAllTokens(context, engine);
    const company = engine.findCompany(query ?? '');
    const result = await engine.getAccessToken(company.id);
    if (result.kind !== 'token') {
      const outcome = refreshOutcome(company.name, result, context.now());
      throw new CliFailure(outcome.exitCode === exitCodes.ok ? exitCodes.failure : outcome.exitCode, outcome.message);
    }
    if (json) printLine(context.stdout, JSON.stringify(tokenEntry(company, result, context.now())));
    else printLine(context.stdout, result.accessToken);
    return exitCodes.ok;
  });
}

/**
 * Every connected company in one process, so a script that needs 150 tokens pays one start-up,
 * one database open and one keychain session instead of 150. Tokens about to expire are
 * refreshed through the same lease as the app, as many at a time as the app's own concurrency.
 * Companies that need reconnecting are listed with their error; the exit code is the first
 * failure's, so a script can tell "all good" from "some missing" without reading the JSON.
 */
async function printAllTokens(context: CliContext, engine: TokenAccess): Promise<ExitCode> {
  const companies = engine.companies().filter((company) => company.status !== 'disconnected');
  const entries: TokenEntry[] = new Array<TokenEntry>(companies.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < companies.length; index = next++) {
      const company = companies[index];
      if (company === undefined) continue;
      entries[index] = tokenEntry(company, await engine.getAccessToken(company.id), context.now());
    }
  };
  const concurrency = Math.max(1, Math.min(engine.config.refreshConcurrency.value, companies.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  printLine(context.stdout, JSON.stringify({ companies: entries }));
  const failed = entries.find((entry) => 'error' in entry);
  return failed !== undefined && 'error' in failed ? failed.error.exitCode : exitCodes.ok;
}

function tokenEntry(company: Pick<CompanyView, 'id' | 'realmId' | 'name' | 'environment'>, result: AccessTokenResult, now: number): TokenEntry {
  const base = { id: company.id, realmId: company.realmId, name: company.name, environment: company.environment };
  if (result.kind === 'token') return { ...base, accessToken: result.accessToken, expiresAt: new Date(result.expiresAt).toISOString() };
  const outcome = refreshOutcome(company.name, result, now);
  return { ...base, error: { exitCode: outcome.exitCode === exitCodes.ok ? exitCodes.failure : outcome.exitCode, message: outcome.message } };
}
