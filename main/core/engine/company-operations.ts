import { revokeToken, type RevokeOutcome } from '../intuit/revoke-token';
import type { Fetch } from '../intuit/send-token-request';
import { probeKeychain } from '../keychain/probe-keychain';
import type { SecretStore } from '../keychain/secret-store';
import type { IssuedTokensToSave } from '../oauth/connect-flow';
import { deleteCompany, getCompany, type Company, type CompanyTokenTimes } from '../storage/company-repository';
import { appendEvent } from '../storage/event-log';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { SqliteDatabase } from '../storage/sqlite';
import type { TokenKeeper } from '../tokens/token-keeper';
import { companyTimesOf, tokenSetFromExchange } from '../tokens/token-set';
import type { TokenVault } from '../tokens/token-vault';
import { EngineError } from './engine-error';
import type { EnvironmentSettings } from './environment-settings';

/** What the operations on one company need from the engine that composes them. */
export interface CompanyOperationsContext {
  readonly database: SqliteDatabase;
  readonly secrets: SecretStore;
  readonly vault: TokenVault;
  readonly keeper: TokenKeeper;
  readonly now: () => number;
  readonly settingsFor: (environment: IntuitEnvironment) => Promise<EnvironmentSettings>;
  readonly fetch?: Fetch;
  readonly requestTimeoutMs: number;
}

export type DisconnectResult = { readonly companyName: string; readonly revoke: RevokeOutcome | { kind: 'skipped'; detail: string } };

export interface DisconnectOptions {
  /** Forget the company here even when Intuit cannot be told (it stays connected at Intuit). */
  readonly forgetIfIntuitUnreachable?: boolean;
}

/** A reconnect may wait this long for a refresh of the same company to finish elsewhere. */
const saveLeaseWaitMs = 120_000;

/**
 * Keeps the set a code exchange produced. Under the company's lease, so a refresh of the old
 * connection running in another process cannot overwrite it afterwards; its generation follows
 * the keychain's (the truth) and SQLite's copy, whichever is further on.
 */
export function saveExchangedTokens(context: CompanyOperationsContext, input: IssuedTokensToSave): Promise<CompanyTokenTimes> {
  const save = async () => {
    const stored = await context.vault.read(input.companyId);
    const previous = Math.max(stored?.generation ?? 0, getCompany(context.database, input.companyId)?.tokenGeneration ?? 0);
    const tokenSet = tokenSetFromExchange({ ...input, issued: input.tokens, generation: previous + 1 });
    await context.vault.write(input.companyId, tokenSet);
    return companyTimesOf(tokenSet, input.issuedAt);
  };
  // A company not stored yet has no refresh to race with (and no row for a lease to point at).
  if (getCompany(context.database, input.companyId) === undefined) return save();
  return context.keeper.underLease(input.companyId, save, saveLeaseWaitMs);
}

/**
 * Revokes at Intuit with the latest refresh token, then removes the keychain entry and the
 * company — under the company's lease, so no refresh rewrites the entry of a forgotten company
 * or makes the token sent here a superseded one. A keychain that does not answer forgets
 * nothing; Intuit unreachable forgets nothing unless asked to, since the connection would stay
 * live at Intuit with nobody here who knows of it.
 */
export async function disconnectCompany(context: CompanyOperationsContext, company: Company, options: DisconnectOptions = {}): Promise<DisconnectResult> {
  const { database, now } = context;
  const revoke = await context.keeper.underLease(company.id, async () => {
    const tokenSet = await context.vault.read(company.id);
    if (tokenSet === undefined) {
      // A locked Secret Service reads as "no entry": only a keychain that answers may say so.
      const probe = await probeKeychain(context.secrets);
      if (!probe.available) throw probe.error;
      deleteCompany(database, company.id);
      return { kind: 'skipped', detail: 'No keys were stored for this company' } as const;
    }
    let outcome: DisconnectResult['revoke'];
    try {
      const settings = await context.settingsFor(company.environment);
      outcome = await revokeToken({
        revocationEndpoint: settings.revocationEndpoint,
        credentials: settings.credentials,
        refreshToken: tokenSet.refreshToken,
        fetch: context.fetch,
        timeoutMs: context.requestTimeoutMs,
      });
    } catch (error) {
      outcome = { kind: 'skipped', detail: error instanceof Error ? error.message : 'The Intuit settings are incomplete' };
    }
    // Revoked, or refused as a token Intuit no longer knows: nothing stays live at Intuit.
    const endedAtIntuit = outcome.kind === 'revoked' || (outcome.kind === 'refused' && outcome.status === 400);
    if (!endedAtIntuit && options.forgetIfIntuitUnreachable !== true) {
      const why = outcome.kind === 'refused' ? `Intuit answered HTTP ${outcome.status}` : outcome.kind === 'revoked' ? 'revoked' : outcome.detail;
      throw new EngineError(
        'revoke_failed',
        `Intuit could not be told to disconnect ${company.name} (${why}), so it was kept here and stays connected. ` +
          'Try again when Intuit can be reached, or remove it anyway and disconnect Realmkeeper from the company in QuickBooks (Settings > Apps).',
      );
    }
    await context.vault.remove(company.id);
    deleteCompany(database, company.id);
    return outcome;
  });
  appendEvent(database, {
    at: now(),
    companyId: company.id,
    kind: 'company_disconnected',
    outcome: revoke.kind,
    message: revoke.kind === 'revoked' ? `${company.name} was disconnected` : `${company.name} was removed here; Intuit was not told (${revoke.kind})`,
  });
  return { companyName: company.name, revoke };
}
