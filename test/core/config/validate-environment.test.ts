import { describe, expect, it, vi } from 'vitest';
import { resolveClientSecret } from '../../../main/core/config/client-secret';
import type { ResolvedClientSecret } from '../../../main/core/config/client-secret';
import type { ConfigFileContents } from '../../../main/core/config/config-file-schema';
import type { EnvironmentVariables, IntuitEnvironment, RedirectMode } from '../../../main/core/config/config-types';
import { dataPaths } from '../../../main/core/config/data-directory';
import { checkRedirectUri } from '../../../main/core/config/redirect-uri-checks';
import { resolveConfig } from '../../../main/core/config/resolve-config';
import { validateEnvironment } from '../../../main/core/config/validate-environment';
import { hasErrors } from '../../../main/core/config/validation-issue';

const paths = dataPaths('/home/ann/.config/Realmkeeper', 'linux');
const clientId = 'ABcdEFghIJklMNopQRstUVwxYZ0123456789abcdefghijklmn';
const secret: ResolvedClientSecret = { source: 'keychain', value: 'k'.repeat(40) };

function environmentConfig(environment: IntuitEnvironment, env: EnvironmentVariables, file: ConfigFileContents = {}) {
  const config = resolveConfig({ env, file, paths, dataDirectory: { value: paths.directory, source: { kind: 'default' } } });
  return config[environment];
}

function redirectCodes(environment: IntuitEnvironment, mode: RedirectMode, uri: string | undefined): string[] {
  return checkRedirectUri(
    environment,
    { value: mode, source: { kind: 'default' } },
    { value: uri, source: { kind: 'file', path: paths.configFile, key: `${environment}.redirectUri` } },
  ).map((issue) => `${issue.severity}:${issue.code}`);
}

describe('checkRedirectUri', () => {
  it.each([
    ['sandbox', 'loopback', 'http://localhost:8765/callback', []],
    ['sandbox', 'loopback', 'http://localhost:8765/', []],
    ['sandbox', 'loopback', 'http://127.0.0.1:8765/callback', ['warning:redirect_uri_loopback_ip']],
    ['sandbox', 'loopback', 'http://localhost/callback', ['error:redirect_uri_loopback_port_missing']],
    ['sandbox', 'loopback', 'http://localhost:80/callback', []],
    ['sandbox', 'loopback', 'http://localhost:0/callback', ['error:redirect_uri_loopback_port_invalid']],
    ['sandbox', 'loopback', 'https://localhost:8765/callback', ['error:redirect_uri_loopback_scheme']],
    ['sandbox', 'loopback', 'http://192.168.1.5:8765/callback', ['error:redirect_uri_loopback_host']],
    ['sandbox', 'loopback', 'http://[::1]:8765/callback', ['error:redirect_uri_loopback_host']],
    ['sandbox', 'loopback', 'http://localhost:8765/callback?x=1', ['error:redirect_uri_has_query']],
    ['sandbox', 'loopback', 'http://localhost:8765/callback#top', ['error:redirect_uri_has_fragment']],
    ['sandbox', 'loopback', 'http://localhost:99999/callback', ['error:redirect_uri_unparseable']],
    ['sandbox', 'loopback', 'localhost:8765/callback', ['error:redirect_uri_loopback_scheme']],
    ['sandbox', 'loopback', 'not a uri', ['error:redirect_uri_whitespace']],
    ['sandbox', 'loopback', 'callback', ['error:redirect_uri_unparseable']],
    ['sandbox', 'loopback', ' http://localhost:8765/callback', ['error:redirect_uri_whitespace']],
    ['production', 'loopback', 'http://localhost:8765/callback', ['error:redirect_uri_loopback_in_production']],
    ['production', 'custom-protocol', 'https://relay.example.com/realmkeeper', []],
    ['sandbox', 'custom-protocol', 'https://localhost:8443/relay', []],
    ['production', 'custom-protocol', 'https://localhost:8443/relay', ['error:redirect_uri_localhost_in_production']],
    ['production', 'custom-protocol', 'http://relay.example.com/realmkeeper', ['error:redirect_uri_not_https']],
    ['production', 'custom-protocol', 'https://203.0.113.7/realmkeeper', ['error:redirect_uri_ip_address']],
    ['production', 'custom-protocol', 'https://[2001:db8::1]/realmkeeper', ['error:redirect_uri_ip_address']],
    ['production', 'custom-protocol', 'realmkeeper://oauth/callback', ['error:redirect_uri_not_https']],
    ['production', 'custom-protocol', undefined, ['error:redirect_uri_missing']],
  ] as const)('%s %s %s → %j', (environment, mode, uri, expected) => {
    expect(redirectCodes(environment, mode, uri)).toEqual(expected);
  });

  it('says what to change and where', () => {
    const [issue] = checkRedirectUri(
      'sandbox',
      { value: 'loopback', source: { kind: 'default' } },
      { value: 'http://localhost/callback', source: { kind: 'env', variable: 'REALMKEEPER_SANDBOX_REDIRECT_URI' } },
    );
    expect(issue?.key).toBe('sandbox.redirectUri');
    expect(issue?.message).toContain('REALMKEEPER_SANDBOX_REDIRECT_URI');
    expect(issue?.message).toContain('http://localhost:8765/callback');
    const [production] = checkRedirectUri(
      'production',
      { value: 'loopback', source: { kind: 'file', path: paths.configFile, key: 'production.redirectMode' } },
      { value: 'http://localhost:8765/callback', source: { kind: 'default' } },
    );
    expect(production?.message).toContain('relay');
    expect(production?.message).toContain('custom-protocol');
    expect(production?.message).toContain(paths.configFile);
  });
});

describe('validateEnvironment', () => {
  it('passes a complete sandbox setup', () => {
    const config = environmentConfig('sandbox', { REALMKEEPER_SANDBOX_CLIENT_ID: clientId });
    expect(validateEnvironment(config, secret)).toEqual([]);
  });

  it('reports an environment without a client id as off, and nothing else', () => {
    const issues = validateEnvironment(environmentConfig('production', {}), { source: 'keychain', value: undefined });
    expect(issues.map((issue) => issue.code)).toEqual(['client_id_missing']);
    expect(issues[0]?.message).toContain('REALMKEEPER_PRODUCTION_CLIENT_ID');
  });

  it('checks the client id length and hints at a swapped secret', () => {
    const issues = validateEnvironment(environmentConfig('sandbox', { REALMKEEPER_SANDBOX_CLIENT_ID: 'k'.repeat(40) }), secret);
    expect(issues.map((issue) => issue.code)).toEqual(['client_id_length']);
    expect(issues[0]?.message).toContain('swapped');
  });

  it('warns about characters Intuit ids do not use', () => {
    const issues = validateEnvironment(
      environmentConfig('sandbox', { REALMKEEPER_SANDBOX_CLIENT_ID: `${clientId.slice(0, 49)}-` }),
      secret,
    );
    expect(issues.map((issue) => `${issue.severity}:${issue.code}`)).toEqual(['warning:client_id_characters']);
    expect(hasErrors(issues)).toBe(false);
  });

  it.each([
    [{ source: 'keychain', value: undefined } as const, 'client_secret_missing'],
    [{ source: 'keychain', value: 'short' } as const, 'client_secret_length'],
    [{ source: 'keychain', value: undefined, error: new Error('locked') } as const, 'client_secret_unavailable'],
  ])('reports secret problems without showing the secret (%j)', (resolved, code) => {
    const issues = validateEnvironment(environmentConfig('sandbox', { REALMKEEPER_SANDBOX_CLIENT_ID: clientId }), resolved);
    expect(issues.map((issue) => issue.code)).toEqual([code]);
    expect(issues[0]?.message).not.toContain('short');
  });

  it('reports an insecure discovery URL from the environment', () => {
    const issues = validateEnvironment(
      environmentConfig('sandbox', {
        REALMKEEPER_SANDBOX_CLIENT_ID: clientId,
        REALMKEEPER_SANDBOX_DISCOVERY_URL: 'http://discovery.example.com/x',
      }),
      secret,
    );
    expect(issues.map((issue) => issue.code)).toEqual(['discovery_url_invalid']);
    expect(issues[0]?.message).toContain('REALMKEEPER_SANDBOX_DISCOVERY_URL');
  });

  it('warns when only the discovery URL leaves Intuit, since the QuickBooks API address is not in it', () => {
    const simulator = { REALMKEEPER_SANDBOX_CLIENT_ID: clientId, REALMKEEPER_SANDBOX_DISCOVERY_URL: 'http://127.0.0.1:8700/.well-known/openid_sandbox_configuration' };
    const issues = validateEnvironment(environmentConfig('sandbox', simulator), secret);
    expect(issues.map((issue) => `${issue.severity}:${issue.code}`)).toEqual(['warning:api_base_url_still_intuit']);
    expect(issues[0]?.message).toContain('sandbox.apiBaseUrl');
    expect(validateEnvironment(environmentConfig('sandbox', { ...simulator, REALMKEEPER_SANDBOX_API_URL: 'http://127.0.0.1:8700/sandbox-quickbooks' }), secret)).toEqual([]);
  });

  it('needs a relay page for production by default', () => {
    const issues = validateEnvironment(environmentConfig('production', { REALMKEEPER_PRODUCTION_CLIENT_ID: clientId }), secret);
    expect(issues.map((issue) => issue.code)).toEqual(['redirect_uri_missing']);
  });
});

describe('resolveClientSecret', () => {
  it('prefers the automation variable and does not ask the keychain', async () => {
    const getKeychainSecret = vi.fn(() => 'k'.repeat(40));
    const resolved = await resolveClientSecret('sandbox', { REALMKEEPER_SANDBOX_CLIENT_SECRET: 'e'.repeat(40) }, getKeychainSecret);
    expect(resolved).toEqual({ source: 'env', variable: 'REALMKEEPER_SANDBOX_CLIENT_SECRET', value: 'e'.repeat(40) });
    expect(getKeychainSecret).not.toHaveBeenCalled();
  });

  it('asks the keychain for the right environment', async () => {
    const getKeychainSecret = vi.fn(async (environment: IntuitEnvironment) => (environment === 'production' ? 'p'.repeat(40) : undefined));
    expect(await resolveClientSecret('production', {}, getKeychainSecret)).toEqual({ source: 'keychain', value: 'p'.repeat(40) });
    expect(await resolveClientSecret('sandbox', {}, getKeychainSecret)).toEqual({ source: 'keychain', value: undefined });
  });

  it('reports a keychain that fails instead of treating it as empty', async () => {
    const failure = new Error('The user name or passphrase you entered is not correct.');
    const resolved = await resolveClientSecret('sandbox', {}, () => {
      throw failure;
    });
    expect(resolved).toEqual({ source: 'keychain', value: undefined, error: failure });
  });
});
