import type { ResolvedConfig } from '../config/resolve-config';
import { DiscoveryCache } from '../discovery/discovery-cache';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import { listCompanies, type Company } from '../storage/company-repository';
import type { SqliteDatabase } from '../storage/sqlite';
import type { AccessTokenResult } from '../tokens/refresh-result';
import { TokenKeeper, type KeeperEvent } from '../tokens/token-keeper';
import { listCompanyViews, type CompanyView } from './company-view';
import type { EngineOptions } from './connection-engine';
import { keeperDependencies, openEngineStores, type EngineStores } from './engine-stores';
import { findCompany } from './find-company';

/**
 * Handing out access tokens, and nothing else of the engine: the same stores and the same token
 * keeper (lease, journal, refusal checks) as `ConnectionEngine`, without the connect flow, its
 * callback server, the scheduler or the operations. `realmkeeper token` runs on it because
 * scripts start it all day and every module loaded is start-up time (`npm run bench`); the
 * settings an environment needs to refresh are loaded only when a token needs refreshing.
 */
export class TokenAccess {
  private readonly listeners = new Set<(event: KeeperEvent) => void>();
  private readonly keeper: TokenKeeper;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly stores: EngineStores,
    private readonly options: EngineOptions,
  ) {
    if (options.onEvent !== undefined) this.listeners.add(options.onEvent);
    const discoveryCache = new DiscoveryCache({ now: options.now ?? Date.now });
    const resolveEndpoint = async (environment: IntuitEnvironment) => {
      const { resolveEnvironmentSettings } = await import('./environment-settings');
      return resolveEnvironmentSettings({ config: stores.config, env: options.env ?? process.env, secrets: stores.secrets, discoveryCache, fetch: options.fetch }, environment);
    };
    this.keeper = new TokenKeeper(keeperDependencies(stores, options, options.now ?? Date.now, resolveEndpoint, (event) => this.emit(event)));
  }

  static async open(options: EngineOptions = {}): Promise<TokenAccess> {
    return new TokenAccess(await openEngineStores(options), options);
  }

  get config(): ResolvedConfig {
    return this.stores.config;
  }

  get database(): SqliteDatabase {
    return this.stores.database;
  }

  subscribe(listener: (event: KeeperEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: KeeperEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.onInternalError?.(error);
      }
    }
  }

  findCompany(query: string): Company {
    return findCompany(listCompanies(this.stores.database), query);
  }

  companies(): CompanyView[] {
    return listCompanyViews(this.stores.database);
  }

  getAccessToken(companyId: string): Promise<AccessTokenResult> {
    return this.keeper.getAccessToken(companyId);
  }

  /** Waits for keys Intuit issued to reach the keychain (as the engine's close does), then closes the database. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.keeper.close(this.options.drainMs);
      this.stores.database.close();
    })();
    return this.closed;
  }
}
