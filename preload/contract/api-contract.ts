import { z } from 'zod';

/**
 * The one contract between the window and the main process: every channel's request schema
 * (validated in main before the core sees it) and response type. The preload bridge, the
 * browser shell's HTTP routes and the renderer's client are all derived from this map.
 * Nothing here ever carries a token or a secret.
 */

const environment = z.enum(['sandbox', 'production']);
const companyId = z.string().min(1).max(64);
const attemptId = z.string().min(1).max(64);

export const requestSchemas = {
  'companies:list': z.strictObject({}),
  'companies:refresh': z.strictObject({ companyId }),
  'companies:test': z.strictObject({ companyId }),
  'companies:disconnect': z.strictObject({ companyId }),
  'companies:set-fixer': z.strictObject({
    companyId,
    /** null: the bookkeeper reconnects this company themselves. */
    fixer: z.strictObject({ name: z.string().trim().min(1).max(100), email: z.string().trim().email().max(200).nullable() }).nullable(),
  }),
  'companies:events': z.strictObject({
    companyId: companyId.optional(),
    limit: z.number().int().min(1).max(500),
    cursor: z.string().max(200).nullable().optional(),
  }),
  'connect:start': z.strictObject({ environment, targetCompanyId: companyId.optional() }),
  'connect:cancel': z.strictObject({ attemptId }),
  'connect:resolve-mismatch': z.strictObject({ attemptId, choice: z.enum(['add_other', 'discard']) }),
  'connect:list': z.strictObject({}),
  'settings:get': z.strictObject({}),
  'settings:set': z.strictObject({ key: z.string().min(1).max(100), value: z.union([z.string().max(2048), z.number(), z.boolean()]) }),
  'settings:set-secret': z.strictObject({ environment, secret: z.string().min(1).max(256) }),
  'activity:summary': z.strictObject({ days: z.number().int().min(1).max(365) }),
  'app:open-external': z.strictObject({ url: z.string().url().max(4096) }),
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestOf<C extends Channel> = z.infer<(typeof requestSchemas)[C]>;

export const channels = Object.keys(requestSchemas) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}

export type Environment = z.infer<typeof environment>;
export type CompanyStatus = 'connected' | 'retrying' | 'needs_reconnect' | 'disconnected';

export interface CompanySummary {
  readonly id: string;
  readonly name: string;
  readonly realmId: string;
  readonly environment: Environment;
  readonly status: CompanyStatus;
  readonly cause: string | null;
  readonly causeSummary: string | null;
  readonly fix: string | null;
  readonly retryReason: string | null;
  readonly retryAt: number | null;
  readonly lastRefreshAt: number | null;
  /** The last time Realmkeeper asked Intuit about this company, whatever the answer. */
  readonly lastCheckedAt: number | null;
  /** The last time the connection worked. */
  readonly lastSuccessAt: number | null;
  /** The last failed check, when it came after the last success. */
  readonly lastFailureAt: number | null;
  readonly accessExpiresAt: number | null;
  readonly refreshExpiresAt: number | null;
  readonly refreshHardExpiresAt: number | null;
  /** True while a refresh of this company is running in this app. */
  readonly refreshing: boolean;
  /** The client's QuickBooks admin who can reconnect it, when the bookkeeper is not one; null: the bookkeeper. */
  readonly fixer: CompanyFixer | null;
}

export interface CompanyFixer {
  readonly name: string;
  readonly email: string | null;
}

export interface CompanyList {
  readonly companies: readonly CompanySummary[];
  /** When this list was read, so the window can say how fresh it is. */
  readonly readAt: number;
}

export type AttemptStep =
  | { readonly step: 'waiting_for_browser' }
  | { readonly step: 'exchanging' }
  | { readonly step: 'connected'; readonly companyId: string; readonly companyName: string; readonly recovered: boolean }
  | {
      readonly step: 'realm_mismatch';
      readonly expectedCompanyId: string;
      readonly expectedCompanyName: string;
      readonly returnedRealmId: string;
      /** Set when the company that came back is already in the list (then it is not offered as new). */
      readonly returnedCompanyId: string | null;
      readonly returnedCompanyName: string | null;
    }
  | { readonly step: 'failed'; readonly cause: string; readonly summary: string; readonly fix: string }
  | { readonly step: 'cancelled' }
  | { readonly step: 'expired' };

export interface AttemptView {
  readonly attemptId: string;
  readonly environment: Environment;
  readonly targetCompanyId: string | null;
  readonly startedAt: number;
  readonly expiresAt: number;
  readonly state: AttemptStep;
}

export interface EventView {
  readonly id: number;
  readonly at: number;
  readonly companyId: string | null;
  readonly kind: string;
  readonly outcome: string | null;
  readonly httpStatus: number | null;
  readonly intuitError: string | null;
  readonly intuitTid: string | null;
  readonly cause: string | null;
  readonly message: string | null;
}

export interface SettingEntry {
  readonly key: string;
  readonly value: string | number | boolean | null;
  /** Where the value comes from: "environment variable X", "config file", "default". */
  readonly source: string;
  readonly settable: boolean;
}

export interface SettingsView {
  readonly keychain: { readonly backend: string; readonly available: boolean; readonly problem: string | null };
  readonly dataFolder: string;
  readonly entries: readonly SettingEntry[];
  /** Per environment: on/off, whether a secret is stored (never the secret), validation messages. */
  readonly environments: ReadonlyArray<{
    readonly environment: Environment;
    readonly enabled: boolean;
    readonly secretStored: boolean;
    /** The environment variable the secret comes from instead of the keychain, if any. */
    readonly secretVariable: string | null;
    readonly problems: readonly string[];
  }>;
  readonly demo: boolean;
}

export type ResultOf<C extends Channel> = {
  'companies:list': CompanyList;
  'companies:refresh': { readonly outcome: 'refreshed' | 'already_fresh' | 'needs_reconnect' | 'retrying' | 'unknown_company'; readonly message: string };
  'companies:test': { readonly ok: boolean; readonly message: string; readonly intuitTid: string | null };
  'companies:disconnect': { readonly companyName: string; readonly revokedAtIntuit: boolean; readonly message: string };
  'companies:set-fixer': { readonly fixer: CompanyFixer | null };
  'companies:events': { readonly events: readonly EventView[]; readonly nextCursor: string | null };
  /**
   * `authorizationUrl` is null when the shell opened Intuit's consent page in the system browser
   * itself (Electron); otherwise (the browser shell, or Electron failing to open it) the window
   * opens it, e.g. with `window.open(url, '_blank', 'noopener')`.
   */
  'connect:start': { readonly attempt: AttemptView; readonly authorizationUrl: string | null };
  'connect:cancel': { readonly attempt: AttemptView | null };
  'connect:resolve-mismatch': { readonly attempt: AttemptView | null };
  'connect:list': { readonly attempts: readonly AttemptView[] };
  'settings:get': SettingsView;
  'settings:set': SettingsView;
  'settings:set-secret': SettingsView;
  'activity:summary': {
    readonly days: number;
    /** Companies Intuit refused at least once in the window, each counted once. */
    readonly companiesLost: number;
    /** Per cause, the companies (not the refusals) it cost. */
    readonly invalidGrantsByCause: ReadonlyArray<{ readonly cause: string; readonly count: number }>; readonly byDay: ReadonlyArray<{ readonly day: string; readonly count: number }> };
  'app:open-external': { readonly opened: boolean };
}[C];

/** A failure the window shows as it is; `code` is stable, `message` is for the bookkeeper. */
export interface ApiFailure {
  readonly code: string;
  readonly message: string;
}

export type ApiResult<C extends Channel> = { readonly ok: true; readonly value: ResultOf<C> } | { readonly ok: false; readonly error: ApiFailure };

/** Events pushed to the window; the same union for the preload bridge and the browser shell. */
export type AppEvent =
  /** Re-read the whole list (a company came or went, a pass ended, the stream reconnected). */
  | { readonly kind: 'companies_changed' }
  /** One company as the list shows it now: the window patches that row instead of re-reading the list. */
  | { readonly kind: 'company_changed'; readonly company: CompanySummary }
  | { readonly kind: 'attempt_changed'; readonly attempt: AttemptView }
  | { readonly kind: 'needs_reconnect'; readonly companyId: string; readonly companyName: string; readonly summary: string }
  | { readonly kind: 'recovered'; readonly companyId: string; readonly companyName: string }
  | { readonly kind: 'outage_suspected'; readonly environment: Environment }
  | { readonly kind: 'expiry_warning'; readonly companyId: string; readonly companyName: string; readonly expiresAt: number }
  | { readonly kind: 'refresh_progress'; readonly total: number; readonly done: number }
  | { readonly kind: 'focus_company'; readonly companyId: string };

/** Parses an unknown payload for a channel; the error names the bad field. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): { ok: true; value: RequestOf<C> } | { ok: false; error: ApiFailure } {
  const result = requestSchemas[channel].safeParse(payload);
  if (result.success) return { ok: true, value: result.data as RequestOf<C> };
  const issue = result.error.issues[0];
  if (issue === undefined) return { ok: false, error: { code: 'invalid_request', message: `The ${channel} request is malformed.` } };
  // A key that should not be there is the field at fault; its name (the caller's text, any length) is cut short.
  const unrecognized = issue.code === 'unrecognized_keys';
  const path = unrecognized ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.length === 0 ? 'request' : shortened(path.map(String).join('.'), 60);
  const problem = unrecognized ? 'not a field of this request' : shortened(issue.message, 200);
  return { ok: false, error: { code: 'invalid_request', message: `The ${channel} request is malformed at ${field}: ${problem}` } };
}

function shortened(text: string, maximum: number): string {
  return text.length > maximum ? `${text.slice(0, maximum)}…` : text;
}
