import { secureEndpointProblem } from '../discovery/endpoint-url';
import { checkClientId, checkClientSecret } from './client-credential-checks';
import type { ResolvedClientSecret } from './client-secret';
import { describeFix, describeSource } from './describe-source';
import { checkRedirectUri } from './redirect-uri-checks';
import type { EnvironmentConfig } from './resolve-config';
import type { ValidationIssue } from './validation-issue';

/**
 * Everything that can be known wrong before the browser opens. An environment that is off reports
 * only that. `secret` comes from `resolveClientSecret`.
 */
export function validateEnvironment(config: EnvironmentConfig, secret: ResolvedClientSecret): ValidationIssue[] {
  const { environment } = config;
  const clientIdIssues = checkClientId(environment, config.clientId);
  if (!config.enabled) {
    return clientIdIssues;
  }
  return [
    ...clientIdIssues,
    ...checkClientSecret(environment, secret),
    ...checkEndpointUrl(config, 'discoveryUrl'),
    ...checkEndpointUrl(config, 'apiBaseUrl'),
    ...checkEndpointsAgree(config),
    ...checkRedirectUri(environment, config.redirectMode, config.redirectUri),
  ];
}

function parsedUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isIntuitHost(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return host === 'intuit.com' || host.endsWith('.intuit.com');
}

/**
 * Intuit's discovery document names its OAuth endpoints but not the QuickBooks API, so pointing
 * only the discovery URL at another server (the simulator, a test stand-in) connects companies
 * while their names and connection tests still go to Intuit.
 */
function checkEndpointsAgree(config: EnvironmentConfig): ValidationIssue[] {
  const key = `${config.environment}.apiBaseUrl`;
  const discovery = parsedUrl(config.discoveryUrl.value);
  const api = parsedUrl(config.apiBaseUrl.value);
  // A discovery URL that is wrong has its own error above.
  if (secureEndpointProblem(config.discoveryUrl.value) !== undefined || discovery === undefined || api === undefined) return [];
  if (isIntuitHost(discovery) || !isIntuitHost(api)) return [];
  return [
    {
      code: 'api_base_url_still_intuit',
      severity: 'warning',
      environment: config.environment,
      key,
      message:
        `The ${config.environment} discovery URL points at ${discovery.origin}, not Intuit, but the QuickBooks API address is still Intuit's (${config.apiBaseUrl.value}), ` +
        `so company names and connection tests would ask Intuit. Set ${key} to that server's QuickBooks address too (\`realmkeeper config set ${key} …\`).`,
    },
  ];
}

function checkEndpointUrl(config: EnvironmentConfig, setting: 'discoveryUrl' | 'apiBaseUrl'): ValidationIssue[] {
  const key = `${config.environment}.${setting}`;
  const { value, source } = config[setting];
  const problem = secureEndpointProblem(value);
  if (problem === undefined) {
    return [];
  }
  const label = setting === 'discoveryUrl' ? 'discovery URL' : 'QuickBooks API address';
  return [
    {
      code: setting === 'discoveryUrl' ? 'discovery_url_invalid' : 'api_base_url_invalid',
      severity: 'error',
      environment: config.environment,
      key,
      message:
        `The ${config.environment} ${label} ${JSON.stringify(value)} (${describeSource(source, key)}) ${problem}. ` +
        `${describeFix(source, key)}, or remove it to use Intuit's address.`,
    },
  ];
}
