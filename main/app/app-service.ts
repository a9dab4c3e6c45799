import {
  isChannel,
  parseRequest,
  type ApiResult,
  type AppEvent,
  type Channel,
  type CompanySummary,
  type RequestOf,
  type ResultOf,
} from '../../preload/contract/api-contract';
import { checkClientSecret } from '../core/config/client-credential-checks';
import { ConfigError } from '../core/config/config-error';
import type { EnvironmentVariables } from '../core/config/config-types';
import { setConfigValue } from '../core/config/set-config-value';
import { saveClientSecret } from '../core/engine/client-secret-account';
import type { ConnectionEngine } from '../core/engine/connection-engine';
import type { EngineEvent } from '../core/engine/engine-event';
import type { RefreshResult } from '../core/tokens/refresh-result';
import { AppError } from './app-error';
import { demoKeysError, isIntuitKeySetting } from './demo-keys';
import { describeRefresh, describeTest } from './outcome-messages';
import { CompanyFixers } from './company-fixers';
import { readActivitySummary } from './activity-summary';
import { toApiFailure } from './api-failure';
import { toAppEvents, type CompanySummaryLookup } from './app-events';
import type { AppLogger } from './app-logger';
import { isAllowedExternalUrl, type ExternalLinkPolicy } from './external-links';
import { missingCase } from './missing-case';
import { NotificationDispatch } from './notification-dispatch';
import type { AppNotification } from './notification-policy';
import { parseProtocolUrl } from './protocol-url';
import { buildSettingsView } from './settings-view';
import { toAttemptView, toCompanySummary, toEventView, type KnownCompanyLookup } from './views';
import { companyIdFor } from '../core/oauth/connect-flow';
import { getCompany } from '../core/storage/company-repository';

export interface AppServiceOptions {
  /** Opens the engine; called again after a setting changes, since the engine reads its config once. */
  readonly openEngine: () => Promise<ConnectionEngine>;
  /** The variables the engine was opened with (client secrets may come from them). */
  readonly env: EnvironmentVariables;
  readonly demo: boolean;
  /** Shown in Settings instead of the keychain probe (the demo without a keychain). */
  readonly keychainNotice?: string;
  readonly now: () => number;
  readonly logger: AppLogger;
  readonly externalLinks: ExternalLinkPolicy;
  /** The shell's way to open the system browser; resolves false when it could not. */
  readonly openExternal: (url: string) => Promise<boolean>;
  /**
   * Electron opens Intuit's consent page itself; the browser shell hands the URL to the page,
   * which is already in the bookkeeper's browser and opens it in a new tab.
   */
  readonly opensConsentPage: boolean;
}

const notificationReviewDelayMs = 1_000;

type Handlers = { readonly [C in Channel]: (request: RequestOf<C>) => Promise<ResultOf<C>> };


/**
 * The one implementation of the contract, shared by the Electron shell (over IPC) and the
 * browser shell (over HTTP): validates every payload, calls the engine, and answers with views
 * that never carry a token or a secret.
 */
export class AppService {
  private readonly eventListeners = new Set<(event: AppEvent) => void>();
  private readonly refreshing = new Set<string>();
  private unsubscribeEngine: () => void = () => {};
  private backgroundStarted = false;
  private readonly handlers: Handlers;
  private readonly notifications: NotificationDispatch;

  private constructor(
    private engine: ConnectionEngine,
    private readonly options: AppServiceOptions,
  ) {
    this.notifications = new NotificationDispatch(options.logger);
    this.attach(engine);
    this.handlers = {
      'companies:list': async () => ({ companies: this.companies(), readAt: this.options.now() }),
      'companies:refresh': (request) => this.refresh(request.companyId),
      'companies:test': (request) => this.test(request.companyId),
      'companies:disconnect': async (request) => {
        const result = await this.engine.disconnect(request.companyId);
        const revoked = result.revoke.kind === 'revoked';
        return {
          companyName: result.companyName,
          revokedAtIntuit: revoked,
          message: revoked
            ? `${result.companyName} was disconnected, and Intuit was told.`
            : `${result.companyName} was removed from Realmkeeper, but Intuit could not be told; disconnect the app in QuickBooks too.`,
        };
      },
      'companies:set-fixer': async (request) => {
        if (this.companyName(request.companyId) === undefined) throw new AppError('unknown_company', `There is no company ${request.companyId}.`);
        this.fixers().set(request.companyId, request.fixer);
        this.emit({ kind: 'companies_changed' });
        return { fixer: request.fixer };
      },
      'companies:events': async (request) => {
        const page = this.engine.events({ companyId: request.companyId, limit: request.limit, cursor: request.cursor ?? null });
        return { events: page.events.map(toEventView), nextCursor: page.nextCursor };
      },
      'connect:start': (request) => this.startConnect(request),
      'connect:cancel': async (request) => {
        const attempt = this.engine.cancelAttempt(request.attemptId);
        return { attempt: attempt === undefined ? null : toAttemptView(attempt, this.knownCompany) };
      },
      'connect:resolve-mismatch': async (request) => {
        const attempt = await this.engine.resolveRealmMismatch(request.attemptId, request.choice);
        return { attempt: attempt === undefined ? null : toAttemptView(attempt, this.knownCompany) };
      },
      'connect:list': async () => ({ attempts: this.engine.flow.pending().map((attempt) => toAttemptView(attempt, this.knownCompany)) }),
      'settings:get': () => this.settings(),
      'settings:set': async (request) => {
        if (this.options.demo && isIntuitKeySetting(request.key)) throw demoKeysError();
        if (this.engine.flow.pending().length > 0) {
          throw new AppError('connect_in_progress', 'Finish or cancel the connection in progress before changing settings.');
        }
        await setConfigValue(this.engine.config.paths.configFile, request.key, request.value);
        await this.reopenEngine();
        return this.settings();
      },
      'settings:set-secret': async (request) => {
        if (this.options.demo) throw demoKeysError();
        const problem = checkClientSecret(request.environment, { source: 'keychain', value: request.secret }).find((issue) => issue.severity === 'error');
        if (problem !== undefined) throw new ConfigError('config_value_invalid', problem.message, { key: `${request.environment}.clientSecret` });
        await saveClientSecret(this.engine.secrets, request.environment, request.secret);
        this.options.logger.info(`Saved the ${request.environment} client secret in the keychain`);
        return this.settings();
      },
      'activity:summary': async (request) => this.activity(request.days),
      'app:open-external': async (request) => {
        if (!isAllowedExternalUrl(request.url, this.options.externalLinks)) {
          throw new AppError('url_not_allowed', 'Realmkeeper only opens Intuit’s pages in the browser.');
        }
        return { opened: await this.options.openExternal(request.url) };
      },
    };
  }

  static async open(options: AppServiceOptions): Promise<AppService> {
    return new AppService(await options.openEngine(), options);
  }

  get isDemo(): boolean {
    return this.options.demo;
  }

  /** The engine as it is now (it is replaced when a setting changes). */
  get currentEngine(): ConnectionEngine {
    return this.engine;
  }

  /** Any channel name and any payload, straight from IPC or HTTP: nothing is trusted. */
  async call(channel: unknown, payload: unknown): Promise<ApiResult<Channel>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'invalid_request', message: `There is no channel ${JSON.stringify(String(channel)).slice(0, 80)}.` } };
    }
    return this.handle(channel, payload);
  }

  async handle<C extends Channel>(channel: C, payload: unknown): Promise<ApiResult<C>> {
    const parsed = parseRequest(channel, payload);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const handler = this.handlers[channel] as (request: RequestOf<C>) => Promise<ResultOf<C>>;
    try {
      return { ok: true, value: await handler(parsed.value) };
    } catch (error) {
      return { ok: false, error: toApiFailure(error, this.options.logger, channel) };
    }
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** OS notifications, already deduplicated per company and cause. */
  onNotification(listener: (notification: AppNotification) => void): () => void {
    return this.notifications.subscribe(listener);
  }

  companies(): CompanySummary[] {
    const fixers = this.fixers();
    return this.engine.companies().map((view) => toCompanySummary(view, this.refreshing.has(view.id), fixers.get(view.id)));
  }

  private fixerStore: CompanyFixers | undefined;

  /** Read once per data folder (a settings change may move it). */
  private fixers(): CompanyFixers {
    const directory = this.engine.config.paths.directory;
    if (this.fixerStore === undefined || this.fixerDirectory !== directory) {
      this.fixerStore = new CompanyFixers(directory);
      this.fixerDirectory = directory;
    }
    return this.fixerStore;
  }

  private fixerDirectory: string | undefined;

  /** Refresh on launch and keep-alive from then on; companies already broken are notified once. */
  async startBackground(): Promise<void> {
    this.backgroundStarted = true;
    this.reviewNotifications();
    await this.engine.startBackground();
  }

  /** After sleep: the timer may have slept too, so plan again from the clock. */
  async resume(): Promise<void> {
    this.options.logger.info('Resumed from sleep; planning refreshes again');
    await this.engine.scheduler.replan();
  }

  /** Asks the window to show one company (a notification click, a Reconnect link). */
  focusCompany(companyId: string): void {
    this.emit({ kind: 'focus_company', companyId });
  }

  /**
   * A `realmkeeper://` URL, however it arrived. The OAuth callback goes to the engine, which
   * exchanges each code at most once however many times the URL is delivered.
   */
  async handleProtocolUrl(url: string): Promise<void> {
    const request = parseProtocolUrl(url);
    switch (request.kind) {
      case 'oauth_callback': {
        const outcome = await this.engine.handleRedirectUrl(url);
        if (outcome.kind === 'refused') this.options.logger.warn(`A protocol callback was refused: ${outcome.reason}`);
        return;
      }
      case 'reconnect': {
        const company = this.engine.companies().find((candidate) => candidate.realmId === request.realmId);
        if (company === undefined) {
          this.options.logger.warn('A reconnect link named a company that is not connected here');
          return;
        }
        this.focusCompany(company.id);
        return;
      }
      case 'disconnected':
        await this.checkDisconnected(request.realmId);
        return;
      case 'open':
        return;
      case 'unknown':
        this.options.logger.warn('Ignored a realmkeeper:// URL of an unknown kind');
        return;
      default:
        missingCase(request);
    }
  }

  /**
   * The Disconnect URL's notice: refresh that company now (or every company, when Intuit named
   * none), so a revocation shows within seconds instead of at the next keep-alive refresh. The
   * refresh's own outcome decides the status: a notice alone never marks a company broken. A
   * notice naming the company does corroborate Intuit's refusal, which alone could be an outage.
   */
  private async checkDisconnected(realmId: string | undefined): Promise<void> {
    const companies = this.engine.companies().filter((company) => realmId === undefined || company.realmId === realmId);
    if (companies.length === 0) {
      this.options.logger.warn('A Disconnect notice named a company that is not connected here');
      return;
    }
    this.options.logger.info(`A Disconnect notice came from QuickBooks; checking ${companies.length} ${companies.length === 1 ? 'company' : 'companies'} now`);
    await Promise.all(companies.map((company) => this.engine.refresh(company.id, { force: true, disconnectNoticed: realmId !== undefined })));
  }

  async close(): Promise<void> {
    this.unsubscribeEngine();
    clearTimeout(this.reviewTimer);
    this.reviewTimer = undefined;
    await this.engine.close();
  }

  private attach(engine: ConnectionEngine): void {
    this.unsubscribeEngine = engine.subscribe((event) => this.onEngineEvent(event));
  }

  private onEngineEvent(event: EngineEvent): void {
    const appEvents = toAppEvents(event, this.knownCompany, this.summarize);
    for (const appEvent of appEvents) this.emit(appEvent);
    if (appEvents.some((appEvent) => appEvent.kind === 'companies_changed')) this.reviewNotifications();
    else if (appEvents.some((appEvent) => appEvent.kind === 'company_changed')) this.scheduleNotificationReview();
  }

  /** A company's summary for its change event; a failed read falls back to a whole-list re-read. */
  private readonly summarize: CompanySummaryLookup = (companyId) => {
    try {
      const view = this.engine.company(companyId);
      return view === undefined ? undefined : toCompanySummary(view, this.refreshing.has(companyId), this.fixers().get(companyId));
    } catch (error) {
      this.options.logger.error('Could not read a changed company', error);
      return undefined;
    }
  };

  private reviewTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The policy reads every company, so a pass's per-company changes are reviewed at most once a
   * second (with 5,000 companies, one review per refresh cost more than the refresh). Status
   * changes that deserve a notification (needs_reconnect, recovered) are reviewed at once.
   */
  private scheduleNotificationReview(): void {
    if (this.reviewTimer !== undefined) return;
    this.reviewTimer = setTimeout(() => {
      this.reviewTimer = undefined;
      this.reviewNotifications();
    }, notificationReviewDelayMs);
    this.reviewTimer.unref?.();
  }

  private emit(event: AppEvent): void {
    for (const listener of this.eventListeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error('An event listener failed', error);
      }
    }
  }

  private reviewNotifications(): void {
    clearTimeout(this.reviewTimer);
    this.reviewTimer = undefined;
    this.notifications.review(() => this.companies(), this.options.now(), this.engine.config.notifications.value);
  }

  private async reopenEngine(): Promise<void> {
    const next = await this.options.openEngine();
    const previous = this.engine;
    this.unsubscribeEngine();
    this.engine = next;
    this.attach(next);
    await previous.close().catch((error: unknown) => this.options.logger.error('Closing the previous engine failed', error));
    if (this.backgroundStarted) await next.startBackground();
    this.emit({ kind: 'companies_changed' });
  }

  private readonly knownCompany: KnownCompanyLookup = (environment, realmId) => {
    const company = getCompany(this.engine.database, companyIdFor(environment, realmId));
    return company === undefined ? undefined : { id: company.id, name: company.name };
  };

  private companyName(companyId: string): string | undefined {
    return this.engine.companies().find((company) => company.id === companyId)?.name;
  }

  private async refresh(companyId: string): Promise<ResultOf<'companies:refresh'>> {
    const name = this.companyName(companyId);
    if (name === undefined) return { outcome: 'unknown_company', message: `There is no company ${companyId}.` };
    this.refreshing.add(companyId);
    this.emit({ kind: 'companies_changed' });
    let result: RefreshResult;
    try {
      result = await this.engine.refresh(companyId, { force: true });
    } finally {
      this.refreshing.delete(companyId);
      this.emit({ kind: 'companies_changed' });
    }
    return { outcome: result.kind, message: describeRefresh(name, result) };
  }

  private async test(companyId: string): Promise<ResultOf<'companies:test'>> {
    const result = await this.engine.testConnection(companyId);
    return { ok: result.kind === 'ok', message: describeTest(result), intuitTid: result.kind === 'ok' ? (result.intuitTid ?? null) : null };
  }

  private async startConnect(request: RequestOf<'connect:start'>): Promise<ResultOf<'connect:start'>> {
    const started = await this.engine.connect({ environment: request.environment, targetCompanyId: request.targetCompanyId });
    let opened = false;
    if (this.options.opensConsentPage) {
      opened = await this.options.openExternal(started.authorizationUrl).catch(() => false);
      if (!opened) this.options.logger.warn('Could not open the system browser; the window will offer the link');
    }
    return { attempt: toAttemptView(started.attempt, this.knownCompany), authorizationUrl: opened ? null : started.authorizationUrl };
  }

  private settings(): Promise<ResultOf<'settings:get'>> {
    return buildSettingsView(this.engine, this.options.env, this.options.demo, this.options.keychainNotice);
  }

  private activity(days: number): ResultOf<'activity:summary'> {
    return readActivitySummary((query) => this.engine.events(query), days, this.options.now());
  }
}
