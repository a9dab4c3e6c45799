import { browserShellProtocol } from '../../../preload/contract/bridge';

const storageKey = 'realmkeeper.token';

export interface TokenSources {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  readonly history?: Pick<History, 'replaceState'>;
}

/**
 * The browser shell's per-run secret: taken from the `#token=…` fragment once, kept in
 * sessionStorage (so a reload keeps working), and removed from the address bar so it is not
 * shown, bookmarked or copied along with the URL.
 */
export function readSessionToken(sources: TokenSources): string | null {
  const fragment = new URLSearchParams(sources.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get(browserShellProtocol.tokenFragmentKey);
  if (fromFragment !== null && fromFragment !== '') {
    sources.storage.setItem(storageKey, fromFragment);
    sources.history?.replaceState(null, '', `${sources.location.pathname}${sources.location.search}`);
    return fromFragment;
  }
  return sources.storage.getItem(storageKey);
}
