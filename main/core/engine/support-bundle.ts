import { listConfigEntries, type ConfigEntry } from '../config/config-entries';
import type { ResolvedConfig } from '../config/resolve-config';
import { redactValue } from '../redaction/redact-value';
import { maximumEventPageSize, type EventPage, type EventQuery, type StoredEvent } from '../storage/event-log';
import type { CompanyView } from './company-view';

export const supportBundleFormat = 'realmkeeper-support-bundle';
export const supportBundleVersion = 1;

/** The newest events kept in a bundle; older ones rarely help and make the file unwieldy. */
export const defaultBundleEventLimit = 5_000;

/** What a bundle is built from: the engine façade satisfies it. */
export interface SupportBundleSource {
  readonly config: ResolvedConfig;
  companies(): CompanyView[];
  events(query: EventQuery): EventPage;
}

export interface SupportBundleOptions {
  readonly now: number;
  readonly appVersion?: string;
  readonly eventLimit?: number;
}

export interface SupportBundle {
  readonly format: typeof supportBundleFormat;
  readonly version: typeof supportBundleVersion;
  readonly createdAt: string;
  readonly app: { readonly version: string | null; readonly platform: string; readonly arch: string; readonly node: string };
  readonly config: readonly ConfigEntry[];
  readonly companies: readonly Record<string, unknown>[];
  readonly events: readonly Record<string, unknown>[];
  /** True when older events were left out to respect the limit. */
  readonly eventsTruncated: boolean;
}

/**
 * What support needs to explain a lost connection: the settings with where each comes from, the
 * companies' states and the event log (every token call with its outcome and `intuit_tid`).
 * Nothing here holds a secret by construction — config entries never carry secret values and
 * events hold hashes only — and the whole bundle still goes through `redactValue`, so a token
 * that slipped into a message by mistake is masked rather than shipped.
 */
export function buildSupportBundle(source: SupportBundleSource, options: SupportBundleOptions): SupportBundle {
  const limit = options.eventLimit ?? defaultBundleEventLimit;
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  let truncated = false;
  for (;;) {
    const page = source.events({ limit: Math.min(maximumEventPageSize, limit - events.length), cursor });
    events.push(...page.events);
    cursor = page.nextCursor;
    if (cursor === null) break;
    if (events.length >= limit) {
      truncated = true;
      break;
    }
  }
  const bundle: SupportBundle = {
    format: supportBundleFormat,
    version: supportBundleVersion,
    createdAt: new Date(options.now).toISOString(),
    app: { version: options.appVersion ?? null, platform: process.platform, arch: process.arch, node: process.versions.node },
    config: listConfigEntries(source.config),
    companies: source.companies().map((company) => ({
      ...company,
      lastRefreshAt: isoOrNull(company.lastRefreshAt),
      lastCheckedAt: isoOrNull(company.lastCheckedAt),
      accessExpiresAt: isoOrNull(company.accessExpiresAt),
      refreshExpiresAt: isoOrNull(company.refreshExpiresAt),
      refreshHardExpiresAt: isoOrNull(company.refreshHardExpiresAt),
      retryAt: isoOrNull(company.retryAt),
    })),
    events: events.map((event) => ({ ...event, at: new Date(event.at).toISOString() })),
    eventsTruncated: truncated,
  };
  return redactValue(bundle) as SupportBundle;
}

function isoOrNull(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}
