import type { DiscoveryDocument } from './discovery-document';

export interface DiscoveryCacheOptions {
  ttlMs?: number;
  now?: () => number;
}

export const defaultDiscoveryTtlMs = 60 * 60 * 1000;

interface CacheEntry {
  /** Shared by concurrent callers, so one URL is fetched once at a time. */
  document: Promise<DiscoveryDocument>;
  storedAt: number;
}

/** Discovery documents by URL, kept for `ttlMs`. Failures are never kept. */
export class DiscoveryCache {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: DiscoveryCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? defaultDiscoveryTtlMs;
    this.#now = options.now ?? Date.now;
  }

  getOrLoad(url: string, load: () => Promise<DiscoveryDocument>): Promise<DiscoveryDocument> {
    const existing = this.#entries.get(url);
    if (existing !== undefined && this.#now() - existing.storedAt < this.#ttlMs) {
      return existing.document;
    }
    const entry: CacheEntry = { document: load(), storedAt: this.#now() };
    this.#entries.set(url, entry);
    entry.document.then(
      () => {
        // The lifetime starts when the document arrived, not when it was asked for.
        entry.storedAt = this.#now();
      },
      () => {
        if (this.#entries.get(url) === entry) {
          this.#entries.delete(url);
        }
      },
    );
    return entry.document;
  }

  clear(): void {
    this.#entries.clear();
  }
}
