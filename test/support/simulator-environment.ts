import type { RunningSimulator } from '../../main/simulator/index';

/**
 * The environment variables that point Realmkeeper at a simulator instead of Intuit: both
 * environments' discovery and API addresses and keys, and the redirect URIs registered for them.
 * Without a production redirect the production default (the relay page) applies.
 */
export function simulatorEnvironment(simulator: RunningSimulator, redirects: { readonly sandbox: string; readonly production?: string }): Record<string, string> {
  const { sandbox, production } = simulator.clients;
  return {
    REALMKEEPER_SANDBOX_DISCOVERY_URL: simulator.discoveryUrl('sandbox'),
    REALMKEEPER_SANDBOX_API_URL: simulator.apiBaseUrl('sandbox'),
    REALMKEEPER_SANDBOX_CLIENT_ID: sandbox.clientId,
    REALMKEEPER_SANDBOX_CLIENT_SECRET: sandbox.clientSecret,
    REALMKEEPER_SANDBOX_REDIRECT_URI: redirects.sandbox,
    REALMKEEPER_PRODUCTION_DISCOVERY_URL: simulator.discoveryUrl('production'),
    REALMKEEPER_PRODUCTION_API_URL: simulator.apiBaseUrl('production'),
    REALMKEEPER_PRODUCTION_CLIENT_ID: production.clientId,
    REALMKEEPER_PRODUCTION_CLIENT_SECRET: production.clientSecret,
    ...(redirects.production === undefined ? {} : { REALMKEEPER_PRODUCTION_REDIRECT_URI: redirects.production }),
  };
}
