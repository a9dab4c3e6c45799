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
    ...checkRedirectUri(environment, config.redirectMode, config.redirectUri),
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
