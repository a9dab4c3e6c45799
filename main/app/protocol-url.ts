import { missingCase } from './missing-case';

/** The custom protocol's scheme, registered by the Electron shell and the installers. */
export const protocolScheme = 'realmkeeper';

export type ProtocolRequest =
  | { readonly kind: 'oauth_callback'; readonly url: string }
  | { readonly kind: 'reconnect'; readonly realmId: string }
  /** Someone disconnected the app inside QuickBooks (the Disconnect URL); without a realm id, any company may be the one. */
  | { readonly kind: 'disconnected'; readonly realmId: string | undefined }
  /** The Launch URL: only brings the app forward (the shell does that for any launch). */
  | { readonly kind: 'open' }
  | { readonly kind: 'unknown' };

/**
 * The query parameters each route may carry, each at most once, with the raw (still
 * percent-encoded) form of its value. They are the relay page's (build/relay-page/index.html),
 * which checks the same shapes before it hands anything on.
 */
const callbackParameters: Readonly<Record<string, RegExp>> = {
  code: /^[A-Za-z0-9._~-]{1,512}$/,
  state: /^[A-Za-z0-9._~-]{1,512}$/,
  realmId: /^[0-9]{1,32}$/,
  error: /^[A-Za-z0-9._~-]{1,64}$/,
  // encodeURIComponent's output: unreserved characters and %XX, up to 512 characters decoded.
  error_description: /^(?:[A-Za-z0-9._~!*'()-]|%[0-9A-Fa-f]{2}){1,3072}$/,
};
const realmIdParameter: Readonly<Record<string, RegExp>> = { realmId: /^[0-9]{1,32}$/ };
const maximumUrlLength = 8192;
const schemePrefix = `${protocolScheme}://`;

type Route = 'oauth/callback' | 'open' | 'reconnect' | 'disconnected';
const routes: readonly Route[] = ['oauth/callback', 'open', 'reconnect', 'disconnected'];

/** The raw query as name → raw value, or undefined when any part is malformed, repeated or not allowed. */
function readQuery(query: string, allowed: Readonly<Record<string, RegExp>>): Map<string, string> | undefined {
  const values = new Map<string, string>();
  for (const part of query.split('&')) {
    const equals = part.indexOf('=');
    if (equals <= 0) return undefined;
    const name = part.slice(0, equals);
    const value = part.slice(equals + 1);
    const pattern = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (pattern === undefined || values.has(name) || !pattern.test(value)) return undefined;
    values.set(name, value);
  }
  return values;
}

/**
 * What a `realmkeeper://…` URL asks for: the OAuth callback forwarded by the relay page, the
 * Reconnect link Intuit shows (`realmkeeper://reconnect?realmId=…`), the Disconnect notice
 * (`realmkeeper://disconnected[?realmId=…]`) or the Launch URL (`realmkeeper://open`). Any
 * other web page or program can hand the app such a URL, so it is read strictly, on its raw
 * text rather than through a URL parser's repairs: printable ASCII only, no user, port or
 * fragment, one of the four routes (one trailing slash allowed: Windows adds it), and only that
 * route's parameters, each once and well-formed. Anything else is ignored.
 */
export function parseProtocolUrl(url: string): ProtocolRequest {
  if (url.length > maximumUrlLength || !/^[\x21-\x7e]+$/.test(url)) return { kind: 'unknown' };
  if (url.slice(0, schemePrefix.length).toLowerCase() !== schemePrefix) return { kind: 'unknown' };
  const rest = url.slice(schemePrefix.length);
  const questionMark = rest.indexOf('?');
  const path = (questionMark === -1 ? rest : rest.slice(0, questionMark)).replace(/\/$/, '');
  const query = questionMark === -1 ? undefined : rest.slice(questionMark + 1);
  const route = routes.find((candidate) => candidate === path);
  if (route === undefined) return { kind: 'unknown' };
  switch (route) {
    case 'open':
      return query === undefined ? { kind: 'open' } : { kind: 'unknown' };
    case 'oauth/callback': {
      const values = query === undefined ? undefined : readQuery(query, callbackParameters);
      if (values === undefined || (!values.has('code') && !values.has('error'))) return { kind: 'unknown' };
      return { kind: 'oauth_callback', url };
    }
    case 'reconnect': {
      const realmId = query === undefined ? undefined : readQuery(query, realmIdParameter)?.get('realmId');
      return realmId === undefined ? { kind: 'unknown' } : { kind: 'reconnect', realmId };
    }
    case 'disconnected': {
      if (query === undefined) return { kind: 'disconnected', realmId: undefined };
      const realmId = readQuery(query, realmIdParameter)?.get('realmId');
      return realmId === undefined ? { kind: 'unknown' } : { kind: 'disconnected', realmId };
    }
    default:
      return missingCase(route);
  }
}

/** The protocol URL among a process's arguments (Windows and Linux deliver it on the command line). */
export function protocolUrlInArguments(argv: readonly string[]): string | undefined {
  return argv.find((argument) => argument.toLowerCase().startsWith(`${protocolScheme}://`));
}
