import { resolveClientSecret } from '../config/client-secret';
import type { EnvironmentVariables } from '../config/config-types';
import type { ResolvedConfig } from '../config/resolve-config';
import { validateEnvironment } from '../config/validate-environment';
import { hasErrors } from '../config/validation-issue';
import type { DiscoveryCache } from '../discovery/discovery-cache';
import { isDiscoveryError } from '../discovery/discovery-error';
import { loadDiscovery } from '../discovery/load-discovery';
import type { Fetch } from '../intuit/send-token-request';
import type { SecretStore } from '../keychain/secret-store';
import type { ConnectSettings } from '../oauth/connect-flow';
import type { IntuitEnvironment } from '../storage/intuit-environment';
import { readClientSecret } from './client-secret-account';
import { EngineError } from './engine-error';

export interface EnvironmentSettings extends ConnectSettings {
  readonly environment: IntuitEnvironment;
  readonly revocationEndpoint: string;
  readonly redirectMode: 'loopback' | 'custom-protocol';
}

export interface SettingsSources {
  readonly config: ResolvedConfig;
  readonly env: EnvironmentVariables;
  readonly secrets: SecretStore;
  readonly discoveryCache: DiscoveryCache;
  readonly fetch?: Fetch;
}

/**
 * Everything an environment needs before any browser opens or any token is sent, validated:
 * an environment that is off, misconfigured or unreachable says so in words that name the fix.
 */
export async function resolveEnvironmentSettings(sources: SettingsSources, environment: IntuitEnvironment): Promise<EnvironmentSettings> {
  const config = sources.config[environment];
  if (!config.enabled) {
    throw new EngineError(
      'environment_off',
      `No ${environment} client id is set, so ${environment} is off. Add your Intuit app's ${environment} keys in Settings.`,
    );
  }
  const secret = await resolveClientSecret(environment, sources.env, (name) => readClientSecret(sources.secrets, name));
  const issues = validateEnvironment(config, secret);
  if (hasErrors(issues)) {
    const first = issues.find((issue) => issue.severity === 'error');
    throw new EngineError('configuration_invalid', first?.message ?? `The ${environment} settings are incomplete.`, issues);
  }
  const clientId = config.clientId.value;
  const redirectUri = config.redirectUri.value;
  if (clientId === undefined || redirectUri === undefined || secret.value === undefined) {
    throw new EngineError('configuration_invalid', `The ${environment} settings are incomplete.`, issues);
  }
  try {
    const document = await loadDiscovery(config.discoveryUrl.value, { fetch: sources.fetch, cache: sources.discoveryCache });
    return {
      environment,
      authorizationEndpoint: document.authorizationEndpoint,
      tokenEndpoint: document.tokenEndpoint,
      revocationEndpoint: document.revocationEndpoint,
      credentials: { clientId, clientSecret: secret.value },
      redirectUri,
      redirectMode: config.redirectMode.value,
      apiBaseUrl: config.apiBaseUrl.value,
    };
  } catch (error) {
    if (isDiscoveryError(error)) throw new EngineError('discovery_failed', error.message, [], { cause: error });
    throw error;
  }
}
