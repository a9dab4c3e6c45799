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
 * What a `realmkeeper://…` URL asks for: the OAuth callback forwarded by the relay page, the
 * Reconnect link Intuit shows (`realmkeeper://reconnect?realmId=…`), or the Disconnect notice
 * (`realmkeeper://disconnected?realmId=…`). Anything else is ignored.
 */
export function parseProtocolUrl(url: string): ProtocolRequest {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'unknown' };
  }
  if (parsed.protocol !== `${protocolScheme}:`) return { kind: 'unknown' };
  // `realmkeeper://oauth/callback` parses with host "oauth" and path "/callback".
  const route = `${parsed.host}${parsed.pathname}`.replace(/\/+$/, '');
  if (route === 'oauth/callback') return { kind: 'oauth_callback', url };
  if (route === 'open') return { kind: 'open' };
  if (route === 'reconnect') {
    const realmId = parsed.searchParams.get('realmId');
    if (realmId !== null && isRealmId(realmId)) return { kind: 'reconnect', realmId };
  }
  if (route === 'disconnected') {
    const realmId = parsed.searchParams.get('realmId');
    if (realmId === null) return { kind: 'disconnected', realmId: undefined };
    if (isRealmId(realmId)) return { kind: 'disconnected', realmId };
  }
  return { kind: 'unknown' };
}

function isRealmId(value: string): boolean {
  return /^\d{1,32}$/.test(value);
}

/** The protocol URL among a process's arguments (Windows and Linux deliver it on the command line). */
export function protocolUrlInArguments(argv: readonly string[]): string | undefined {
  return argv.find((argument) => argument.toLowerCase().startsWith(`${protocolScheme}://`));
}
