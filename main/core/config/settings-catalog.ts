import type { IntuitEnvironment, RedirectMode } from './config-types';

/** The environment variables Realmkeeper reads. One place, so docs and code cannot drift. */
export const environmentVariableNames = {
  home: 'REALMKEEPER_HOME',
  keychainService: 'REALMKEEPER_KEYCHAIN_SERVICE',
  sandbox: {
    discoveryUrl: 'REALMKEEPER_SANDBOX_DISCOVERY_URL',
    apiBaseUrl: 'REALMKEEPER_SANDBOX_API_URL',
    clientId: 'REALMKEEPER_SANDBOX_CLIENT_ID',
    clientSecret: 'REALMKEEPER_SANDBOX_CLIENT_SECRET',
    redirectUri: 'REALMKEEPER_SANDBOX_REDIRECT_URI',
  },
  production: {
    discoveryUrl: 'REALMKEEPER_PRODUCTION_DISCOVERY_URL',
    apiBaseUrl: 'REALMKEEPER_PRODUCTION_API_URL',
    clientId: 'REALMKEEPER_PRODUCTION_CLIENT_ID',
    clientSecret: 'REALMKEEPER_PRODUCTION_CLIENT_SECRET',
    redirectUri: 'REALMKEEPER_PRODUCTION_REDIRECT_URI',
  },
} as const;

export const appName = 'Realmkeeper';
export const defaultKeychainService = 'Realmkeeper';
export const databaseFileName = 'realmkeeper.db';
export const logsDirectoryName = 'logs';
export const configFileName = 'config.json';

export const defaultLoopbackRedirectUri = 'http://localhost:8765/callback';

export interface EnvironmentDefaults {
  discoveryUrl: string;
  apiBaseUrl: string;
  /** Production keys cannot use http://localhost (INTUIT.md §6), so production starts on the relay. */
  redirectMode: RedirectMode;
}

export const environmentDefaults: Record<IntuitEnvironment, EnvironmentDefaults> = {
  sandbox: {
    discoveryUrl: 'https://developer.api.intuit.com/.well-known/openid_sandbox_configuration',
    apiBaseUrl: 'https://sandbox-quickbooks.api.intuit.com',
    redirectMode: 'loopback',
  },
  production: {
    discoveryUrl: 'https://developer.api.intuit.com/.well-known/openid_configuration',
    apiBaseUrl: 'https://quickbooks.api.intuit.com',
    redirectMode: 'custom-protocol',
  },
};

export const defaultKeepAliveIntervalHours = 24;
export const defaultRefreshConcurrency = 4;
export const defaultNotifications = true;

/** Bounds that the schema enforces: daily at least (DESIGN.md), never faster than tokens live. */
export const keepAliveIntervalHoursRange = { minimum: 1, maximum: 24 } as const;
/** Intuit allows 10 requests a second per realm and app; more parallel refreshes gain nothing. */
export const refreshConcurrencyRange = { minimum: 1, maximum: 16 } as const;
