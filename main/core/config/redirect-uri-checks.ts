import { isIpAddressHostname } from '../discovery/endpoint-url';
import type { IntuitEnvironment, RedirectMode, Sourced } from './config-types';
import { describeFix, describeSource } from './describe-source';
import type { ValidationIssue, ValidationIssueCode } from './validation-issue';

const registerReminder =
  "The address must also be listed, character for character, under Redirect URIs in Intuit's developer portal " +
  '(your app → Keys & credentials) for the same environment.';

const relayExplanation =
  'Intuit accepts http://localhost only for development (sandbox) keys. For production, host the Realmkeeper relay ' +
  'page on an https address, register that address with Intuit, and use custom-protocol mode';

/** Checks the redirect URI against its mode before any browser opens. Intuit compares it exactly. */
export function checkRedirectUri(
  environment: IntuitEnvironment,
  redirectMode: Sourced<RedirectMode>,
  redirectUri: Sourced<string | undefined>,
): ValidationIssue[] {
  const key = `${environment}.redirectUri`;
  const issue = (code: ValidationIssueCode, message: string, severity: 'error' | 'warning' = 'error'): ValidationIssue => ({
    code,
    severity,
    environment,
    key,
    message,
  });

  if (redirectMode.value === 'loopback' && environment === 'production') {
    return [
      {
        code: 'redirect_uri_loopback_in_production',
        severity: 'error',
        environment,
        key: `${environment}.redirectMode`,
        message:
          `Production is set to loopback mode (${describeSource(redirectMode.source, 'production.redirectMode')}). ` +
          `${relayExplanation}: \`realmkeeper config set production.redirectMode custom-protocol\` and ` +
          '`realmkeeper config set production.redirectUri https://<your relay page>`.',
      },
    ];
  }

  const raw = redirectUri.value;
  if (raw === undefined) {
    return [
      issue(
        'redirect_uri_missing',
        `No ${environment} redirect URI is set. In custom-protocol mode it is the https address of your Realmkeeper ` +
          `relay page: set it in Settings or with \`realmkeeper config set ${key} https://…\`. ${registerReminder}`,
      ),
    ];
  }
  const where = describeSource(redirectUri.source, key);
  const fix = describeFix(redirectUri.source, key);
  const shown = JSON.stringify(raw);

  if (/\s/.test(raw)) {
    return [issue('redirect_uri_whitespace', `The ${environment} redirect URI ${shown} (${where}) contains spaces or line breaks. ${fix} and remove them.`)];
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [
      issue(
        'redirect_uri_unparseable',
        `The ${environment} redirect URI ${shown} (${where}) is not a valid address. ${fix} to a full address such as ` +
          `${redirectMode.value === 'loopback' ? 'http://localhost:8765/callback' : 'https://relay.example.com/realmkeeper'}.`,
      ),
    ];
  }
  const issues: ValidationIssue[] = [];
  if (raw.includes('?')) {
    issues.push(
      issue(
        'redirect_uri_has_query',
        `The ${environment} redirect URI ${shown} (${where}) has a query string ("?…"). Intuit does not allow one: ` +
          `${fix} to the address without it, and register that address. ${registerReminder}`,
      ),
    );
  }
  if (raw.includes('#')) {
    issues.push(
      issue(
        'redirect_uri_has_fragment',
        `The ${environment} redirect URI ${shown} (${where}) has a fragment ("#…"), which a browser never sends back. ` +
          `${fix} to the address without it.`,
      ),
    );
  }
  const modeIssues =
    redirectMode.value === 'loopback'
      ? checkLoopback(environment, raw, url, { shown, where, fix }, issue)
      : checkRelay(environment, url, { shown, where, fix }, issue);
  return [...issues, ...modeIssues];
}

interface Context {
  shown: string;
  where: string;
  fix: string;
}

type MakeIssue = (code: ValidationIssueCode, message: string, severity?: 'error' | 'warning') => ValidationIssue;

function checkLoopback(environment: IntuitEnvironment, raw: string, url: URL, context: Context, issue: MakeIssue): ValidationIssue[] {
  const { shown, where, fix } = context;
  const example = 'http://localhost:8765/callback';
  if (url.protocol !== 'http:') {
    return [
      issue(
        'redirect_uri_loopback_scheme',
        `The ${environment} redirect URI ${shown} (${where}) must start with http:// in loopback mode: Realmkeeper ` +
          `listens on this computer without a certificate. ${fix} to e.g. ${example}, or switch to custom-protocol ` +
          `mode if this is your relay page (\`realmkeeper config set ${environment}.redirectMode custom-protocol\`).`,
      ),
    ];
  }
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    return [
      issue(
        'redirect_uri_loopback_host',
        `The ${environment} redirect URI ${shown} (${where}) must point at this computer (localhost or 127.0.0.1) in ` +
          `loopback mode. ${fix} to e.g. ${example}. ${registerReminder}`,
      ),
    ];
  }
  const port = explicitPort(raw);
  if (port === undefined) {
    // Without a port the browser would go to port 80, which Realmkeeper does not (and often cannot) use.
    return [
      issue(
        'redirect_uri_loopback_port_missing',
        `The ${environment} redirect URI ${shown} (${where}) has no port. Realmkeeper needs a fixed port to listen on, ` +
          `written in the address: ${fix} to e.g. ${example}. ${registerReminder}`,
      ),
    ];
  }
  if (port === 0) {
    return [
      issue(
        'redirect_uri_loopback_port_invalid',
        `The ${environment} redirect URI ${shown} (${where}) uses port 0, which is not a fixed port. ${fix} to a port ` +
          `between 1024 and 65535, e.g. ${example}. ${registerReminder}`,
      ),
    ];
  }
  if (url.hostname === '127.0.0.1') {
    return [
      issue(
        'redirect_uri_loopback_ip',
        `The ${environment} redirect URI ${shown} (${where}) uses 127.0.0.1. Intuit documents http://localhost as the ` +
          `only exception to its no-IP-address rule; if Intuit refuses this address, use http://localhost:${port}${url.pathname} instead.`,
        'warning',
      ),
    ];
  }
  return [];
}

function checkRelay(environment: IntuitEnvironment, url: URL, context: Context, issue: MakeIssue): ValidationIssue[] {
  const { shown, where, fix } = context;
  if (url.protocol !== 'https:') {
    const hint =
      url.protocol === 'http:' && environment === 'sandbox'
        ? ` For a http://localhost address, use loopback mode instead (\`realmkeeper config set ${environment}.redirectMode loopback\`).`
        : '';
    return [
      issue(
        'redirect_uri_not_https',
        `The ${environment} redirect URI ${shown} (${where}) must be the https address of your Realmkeeper relay page ` +
          `in custom-protocol mode: Intuit redirects only to https. ${fix}.${hint}`,
      ),
    ];
  }
  if (isIpAddressHostname(url.hostname)) {
    return [
      issue(
        'redirect_uri_ip_address',
        `The ${environment} redirect URI ${shown} (${where}) uses an IP address; Intuit accepts only names. ` +
          `${fix} to the relay page's https address with its domain name.`,
      ),
    ];
  }
  if (environment === 'production' && url.hostname === 'localhost') {
    return [
      issue(
        'redirect_uri_localhost_in_production',
        `The production redirect URI ${shown} (${where}) points at localhost, which Intuit refuses for production keys. ` +
          `${fix} to the relay page's public https address.`,
      ),
    ];
  }
  return [];
}

/** The port as written: `new URL` drops a default port (`http://localhost:80/` → ''), Intuit does not. */
function explicitPort(raw: string): number | undefined {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(raw)?.[1];
  const port = authority === undefined ? undefined : /:(\d+)$/.exec(authority)?.[1];
  return port === undefined ? undefined : Number(port);
}
