import { DiscoveryCache } from './discovery-cache';
import type { DiscoveryDocument } from './discovery-document';
import type { FetchDiscoveryOptions } from './fetch-discovery';
import { fetchDiscovery } from './fetch-discovery';

export interface LoadDiscoveryOptions extends FetchDiscoveryOptions {
  /** Defaults to one cache shared by the process. */
  cache?: DiscoveryCache;
}

const processCache = new DiscoveryCache();

/** The discovery document at `url`, from the cache while it is fresh. Throws `DiscoveryError`. */
export function loadDiscovery(url: string, options: LoadDiscoveryOptions = {}): Promise<DiscoveryDocument> {
  const cache = options.cache ?? processCache;
  return cache.getOrLoad(url, () => fetchDiscovery(url, options));
}
