import type { KeychainHelperBinding } from '../keychain/keychain-helper';
import type { EnvironmentVariables } from '../config/config-types';
import type { ResolvedConfig } from '../config/resolve-config';
import { DiscoveryCache } from '../discovery/discovery-cache';
import type { Fetch } from '../intuit/send-token-request';
import { probeKeychain, type KeychainProbeResult } from '../keychain/probe-keychain';
import type { SecretStore } from '../keychain/secret-store';
import { CallbackServer } from '../oauth/callback-server';
import { isSettled, type AttemptSnapshot } from '../oauth/connect-attempt';
import type { ScheduleTimer } from '../oauth/connect-attempts';
import { ConnectFlow, type CallbackOutcome, type StartedAttempt } from '../oauth/connect-flow';
import { KeepAliveScheduler } from '../scheduler/keep-alive-scheduler';
import { getCompany, listCompanies, type Company } from '../storage/company-repository';
import { appendEvent, listEvents, type EventPage, type EventQuery } from '../storage/event-log';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import type { SqliteDatabase } from '../storage/sqlite';
import type { LeaseTiming } from '../tokens/refresh-lease';
import type { AccessTokenResult, RefreshResult } from '../tokens/refresh-result';
import { TokenKeeper, type RefreshOptions } from '../tokens/token-keeper';
import type { TokenVault } from '../tokens/token-vault';
import { disconnectCompany, saveExchangedTokens, type CompanyOperationsContext, type DisconnectOptions, type DisconnectResult } from './company-operations';
import { listCompanyViews, readCompanyView, type CompanyView } from './company-view';
import { EngineError } from './engine-error';
import { keeperDependencies, openEngineStores } from './engine-stores';
import type { EngineEvent } from './engine-event';
import { resolveEnvironmentSettings, type EnvironmentSettings } from './environment-settings';
import { findCompany } from './find-company';
import { testConnection, type ConnectionTestResult } from './test-connection';

export interface EngineOptions {
  readonly env?: EnvironmentVariables;
  readonly platform?: NodeJS.Platform;
  readonly homeDirectory?: string;
  readonly now?: () => number;
  readonly fetch?: Fetch;
  /** The keychain; by default keytar under the configured service name. */
  readonly secretStore?: SecretStore;
  readonly requestTimeoutMs?: number;
  readonly leaseTiming?: LeaseTiming;
  readonly confirmDelayMs?: number;
  readonly outageToleranceMs?: number;
  readonly callbackLingerMs?: number;
  /** How long `close()` waits for a keychain that will not take keys Intuit already issued. */
  readonly drainMs?: number;
  readonly saveRetryDelaysMs?: readonly number[];
  /** How long a keychain call may take (default a minute: an unlock prompt may be up). */
  readonly keychainCallTimeoutMs?: number;
  /** The app's keychain calls go through a helper process it can replace (see keychain-helper.ts). */
  readonly keychainHelper?: KeychainHelperBinding;
  /** Each connect attempt's expiry timer (tests move time themselves). */
  readonly scheduleTimer?: ScheduleTimer;
  readonly onEvent?: (event: EngineEvent) => void;
  /** Told when a listener or a background pass throws; the others and the engine go on. */
  readonly onInternalError?: (error: unknown) => void;
}

export type { DisconnectResult } from './company-operations';

const defaultRequestTimeoutMs = 20_000;

/**
 * The app's whole API over the core; both shells and the command line use only this. It composes
 * the parts (keeper, connect flow, scheduler) and delegates; the operations live beside it.
 */
export class ConnectionEngine {
  private readonly callbackServers = new Map<string, CallbackServer>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly operations: CompanyOperationsContext;
  private closed: Promise<void> | undefined;
  readonly keeper: TokenKeeper;
  readonly flow: ConnectFlow;
  readonly scheduler: KeepAliveScheduler;

  private constructor(
    readonly config: ResolvedConfig,
    readonly database: SqliteDatabase,
    readonly secrets: SecretStore,
    private readonly vault: TokenVault,
    private readonly options: EngineOptions,
    private readonly now: () => number,
  ) {
    const discoveryCache = new DiscoveryCache({ now });
    const settings = (environment: IntuitEnvironment) =>
      resolveEnvironmentSettings({ config, env: options.env ?? process.env, secrets, discoveryCache, fetch: options.fetch }, environment);
    this.settingsFor = settings;
    if (options.onEvent !== undefined) this.listeners.add(options.onEvent);
    const emit = (event: EngineEvent) => this.emit(event);
    this.keeper = new TokenKeeper(keeperDependencies({ config, database, secrets, vault }, options, now, settings, emit));
    this.operations = {
      database,
      secrets,
      vault,
      keeper: this.keeper,
      now,
      settingsFor: settings,
      fetch: options.fetch,
      requestTimeoutMs: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
    };
    this.flow = new ConnectFlow({
      database,
      now,
      resolveSettings: settings,
      requestTimeoutMs: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
      fetch: options.fetch,
      checkKeychain: () => probeKeychain(secrets),
      scheduleTimer: options.scheduleTimer,
      saveIssuedTokens: (input) => saveExchangedTokens(this.operations, input),
      onAttemptChanged: (attempt) => {
        // However an attempt ends (answer, cancel, expiry, a failure), the listener closes once none waits.
        if (isSettled(attempt.state)) for (const server of this.callbackServers.values()) server.closeWhenIdle();
        emit({ kind: 'attempt_changed', attempt });
        if (attempt.state.step !== 'connected') return;
        const { companyId, companyName, recovered } = attempt.state;
        if (recovered) emit({ kind: 'recovered', companyId, companyName });
        emit({ kind: 'company_changed', companyId });
      },
    });
    this.scheduler = new KeepAliveScheduler({
      database,
      now,
      refresh: (companyId) => this.keeper.refresh(companyId, { force: true }),
      keepAliveIntervalMs: config.keepAliveIntervalHours.value * 3_600_000,
      concurrency: config.refreshConcurrency.value,
      onProgress: (progress) => emit({ kind: 'refresh_progress', progress }),
      onExpiryWarning: (warning) => emit({ kind: 'expiry_warning', warning }),
      onError: (error) => options.onInternalError?.(error),
    });
  }

  private readonly settingsFor: (environment: IntuitEnvironment) => Promise<EnvironmentSettings>;

  static async open(options: EngineOptions = {}): Promise<ConnectionEngine> {
    const { config, database, secrets, vault } = await openEngineStores(options);
    return new ConnectionEngine(config, database, secrets, vault, options, options.now ?? Date.now);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Each listener is isolated: one that throws neither stops the others nor the engine's update. */
  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.onInternalError?.(error);
      }
    }
  }

  companies(): CompanyView[] {
    return listCompanyViews(this.database);
  }

  /** One company's view, or undefined when it is not (or no longer) connected here. */
  company(companyId: string): CompanyView | undefined {
    return readCompanyView(this.database, companyId);
  }

  findCompany(query: string): Company {
    return findCompany(listCompanies(this.database), query);
  }

  keychainStatus(): Promise<KeychainProbeResult> {
    return probeKeychain(this.secrets);
  }

  /** Starts a connect (or, with a target, a reconnect) and returns the URL for the system browser. */
  async connect(input: { environment: IntuitEnvironment; targetCompanyId?: string }): Promise<StartedAttempt> {
    const settings = await this.settingsFor(input.environment);
    const started = await this.flow.start(input);
    if (settings.redirectMode === 'loopback') {
      const server = this.callbackServerFor(settings.redirectUri);
      try {
        await server.ensureListening();
      } catch (error) {
        this.flow.cancel(started.attempt.attemptId);
        throw error;
      }
    }
    return started;
  }

  waitForAttempt(attemptId: string): Promise<AttemptSnapshot> {
    return this.flow.waitFor(attemptId);
  }

  cancelAttempt(attemptId: string): AttemptSnapshot | undefined {
    const attempt = this.flow.cancel(attemptId);
    for (const server of this.callbackServers.values()) server.closeWhenIdle();
    return attempt;
  }

  /** A `realmkeeper://oauth/callback?…` URL from the custom protocol, however it was delivered. */
  handleRedirectUrl(url: string): Promise<CallbackOutcome> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return Promise.resolve({ kind: 'refused', reason: 'malformed', attempt: undefined });
    }
    return this.flow.handleCallback(parsed.searchParams);
  }

  resolveRealmMismatch(attemptId: string, choice: 'add_other' | 'discard'): Promise<AttemptSnapshot | undefined> {
    return this.flow.resolveRealmMismatch(attemptId, choice);
  }

  refresh(companyId: string, options: RefreshOptions = { force: true }): Promise<RefreshResult> {
    return this.keeper.refresh(companyId, options);
  }

  getAccessToken(companyId: string): Promise<AccessTokenResult> {
    return this.keeper.getAccessToken(companyId);
  }

  async testConnection(companyId: string): Promise<ConnectionTestResult> {
    const company = this.requireCompany(companyId);
    const result = await testConnection({
      getAccessToken: () => this.keeper.getAccessToken(companyId),
      forceRefresh: () => this.keeper.refresh(companyId, { force: true }),
      apiBaseUrl: this.config[company.environment].apiBaseUrl.value,
      realmId: company.realmId,
      fetch: this.options.fetch,
      timeoutMs: this.options.requestTimeoutMs ?? defaultRequestTimeoutMs,
    });
    appendEvent(this.database, {
      at: this.now(),
      companyId,
      kind: 'connection_test',
      outcome: result.kind === 'ok' ? 'succeeded' : 'failed',
      intuitTid: result.kind === 'ok' ? (result.intuitTid ?? null) : null,
      message: result.kind === 'ok' ? `QuickBooks answered for ${result.companyName}` : `The connection test failed (${result.kind})`,
    });
    return result;
  }

  /** Revokes at Intuit and forgets the company, under its lease (see `disconnectCompany`). */
  async disconnect(companyId: string, options: DisconnectOptions = {}): Promise<DisconnectResult> {
    const result = await disconnectCompany(this.operations, this.requireCompany(companyId), options);
    this.keeper.forget(companyId);
    this.emit({ kind: 'company_changed', companyId });
    return result;
  }

  events(query: EventQuery): EventPage {
    return listEvents(this.database, query);
  }

  startBackground(): Promise<void> {
    return this.scheduler.start();
  }

  /**
   * Stops the timer, lets refreshes under way finish (an answer Intuit sent reaches the keychain
   * first), closes the listeners and then the database. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.scheduler.stop();
      await this.keeper.close(this.options.drainMs);
      await Promise.all([...this.callbackServers.values()].map((server) => server.close()));
      this.database.close();
    })();
    return this.closed;
  }

  private requireCompany(companyId: string): Company {
    const company = getCompany(this.database, companyId);
    if (company === undefined) throw new EngineError('unknown_company', `No company ${companyId}.`);
    return company;
  }

  private callbackServerFor(redirectUri: string): CallbackServer {
    let server = this.callbackServers.get(redirectUri);
    if (server === undefined) {
      server = new CallbackServer({ redirectUri, flow: this.flow, lingerMs: this.options.callbackLingerMs });
      this.callbackServers.set(redirectUri, server);
    }
    return server;
  }
}
