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
    return new URL(url).origin === rendererOrigin;
  } catch {
    return false;
  }
}
