import type { Shell } from 'electron';
import type { AppLogger } from '../app/app-logger';
import { isAllowedExternalUrl, type ExternalLinkPolicy } from '../app/external-links';

/** Resolves whether the system browser was started. */
export type OpenExternal = (url: string) => Promise<boolean>;

/**
 * `shell.openExternal` hands a URL to the operating system, which runs whatever handles its
 * scheme (a file, an installer, another app's protocol). Only web pages ever go there.
 */
export function openWebPage(shell: Pick<Shell, 'openExternal'>): OpenExternal {
  return async (url) => {
    if (!isWebUrl(url)) return false;
    return shell.openExternal(url).then(
      () => true,
      () => false,
    );
  };
}

/**
 * For addresses the window asks for (a link, `window.open`, a navigation it may not make): only
 * the allow-list's (Intuit's sites, the demo's simulator) reach the browser; the rest are logged
 * and dropped. The consent page the engine builds from the configured discovery document goes
 * through `openWebPage` instead, since a firm may point Realmkeeper at another Intuit endpoint.
 */
export function openExternalIfAllowed(open: OpenExternal, policy: ExternalLinkPolicy, logger: AppLogger): OpenExternal {
  return async (url) => {
    if (isAllowedExternalUrl(url, policy)) return open(url);
    logger.warn('The window tried to open an address outside the allow-list');
    return false;
  };
}

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
