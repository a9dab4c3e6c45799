/**
 * The window's pages come from `app://realmkeeper/…`, served by the shell with its own headers
 * (a file:// page gets no response headers, so no CSP header could reach it). IPC senders and
 * navigations are checked against this origin.
 */
export const rendererScheme = 'app';
export const rendererHost = 'realmkeeper';
export const rendererOrigin = `${rendererScheme}://${rendererHost}`;
export const rendererEntryUrl = `${rendererOrigin}/index.html`;

export function isRendererUrl(url: string): boolean {
  try {
    // Node's URL gives non-special schemes an opaque "null" origin, so compare the parts.
    const parsed = new URL(url);
    return parsed.protocol === `${rendererScheme}:` && parsed.host === rendererHost && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
