import { secureEndpointProblem } from '../discovery/endpoint-url';
import { redirectModes, type RedirectMode } from './config-types';
import { keepAliveIntervalHoursRange, refreshConcurrencyRange } from './settings-catalog';

/*
 * The settings file's shape, checked by hand rather than with zod: every `realmkeeper token`
 * reads this file, and zod's load was a tenth of that command's start-up (`npm run bench`).
 */

export interface EnvironmentSection {
  readonly discoveryUrl?: string;
  readonly apiBaseUrl?: string;
  readonly clientId?: string;
  readonly redirectMode?: RedirectMode;
  readonly redirectUri?: string;
}

export interface ConfigFileContents {
  readonly sandbox?: EnvironmentSection;
  readonly production?: EnvironmentSection;
  readonly keepAliveIntervalHours?: number;
  readonly refreshConcurrency?: number;
  readonly notifications?: boolean;
}

/** What is wrong with one value, in words that follow its name ("must be …"), or undefined. */
export type ValueCheck = (value: unknown) => string | undefined;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? undefined : `must be text, not ${describeType(value)}`;
}

function nonEmptyText(value: unknown): string | undefined {
  return text(value) ?? (value === '' ? 'must not be empty' : undefined);
}

function endpointUrl(value: unknown): string | undefined {
  return text(value) ?? secureEndpointProblem(value as string);
}

function numberBetween(minimum: number, maximum: number, whole: boolean): ValueCheck {
  const words = `${whole ? 'a whole number' : 'a number'} from ${minimum} to ${maximum}`;
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (whole && !Number.isInteger(value))) return `must be ${words}, not ${describeType(value)}`;
    return value < minimum || value > maximum ? `must be ${words}` : undefined;
  };
}

function oneOf(options: readonly string[]): ValueCheck {
  return (value) => (typeof value === 'string' && options.includes(value) ? undefined : `must be one of ${options.map((option) => `"${option}"`).join(', ')}`);
}

function boolean(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : `must be true or false, not ${describeType(value)}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fraction';
  return typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/**
 * One check per settable value. Client id and redirect URI are only required to be text here:
 * their rules depend on the environment and the redirect mode, and `validateEnvironment` reports
 * them with codes and fixes.
 */
export const settingChecks = {
  discoveryUrl: endpointUrl,
  apiBaseUrl: endpointUrl,
  clientId: nonEmptyText,
  redirectMode: oneOf(redirectModes),
  redirectUri: nonEmptyText,
  keepAliveIntervalHours: numberBetween(keepAliveIntervalHoursRange.minimum, keepAliveIntervalHoursRange.maximum, false),
  refreshConcurrency: numberBetween(refreshConcurrencyRange.minimum, refreshConcurrencyRange.maximum, true),
  notifications: boolean,
} as const satisfies Record<string, ValueCheck>;

const environmentKeys = ['discoveryUrl', 'apiBaseUrl', 'clientId', 'redirectMode', 'redirectUri'] as const;
const topLevelChecks: Readonly<Record<string, ValueCheck | 'environment'>> = {
  sandbox: 'environment',
  production: 'environment',
  keepAliveIntervalHours: settingChecks.keepAliveIntervalHours,
  refreshConcurrency: settingChecks.refreshConcurrency,
  notifications: settingChecks.notifications,
};

/** The first problem found: where (`path`), what, and for a key that is no setting, its name. */
export interface ConfigFileIssue {
  readonly path: readonly string[];
  readonly message: string;
  readonly unknownKey?: string;
}

export type ConfigFileCheck = { readonly ok: true; readonly contents: ConfigFileContents } | { readonly ok: false; readonly issue: ConfigFileIssue };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strict: an unknown key is far more often a typo (`clientID`) than a setting from the future. */
export function checkConfigFile(value: unknown): ConfigFileCheck {
  if (!isPlainObject(value)) return { ok: false, issue: { path: [], message: `must be an object, not ${describeType(value)}` } };
  for (const [key, item] of Object.entries(value)) {
    const check = topLevelChecks[key];
    if (check === undefined) return { ok: false, issue: { path: [], message: 'is not a Realmkeeper setting', unknownKey: key } };
    if (item === undefined) continue;
    if (check !== 'environment') {
      const problem = check(item);
      if (problem !== undefined) return { ok: false, issue: { path: [key], message: problem } };
      continue;
    }
    if (!isPlainObject(item)) return { ok: false, issue: { path: [key], message: `must be an object, not ${describeType(item)}` } };
    for (const [setting, settingValue] of Object.entries(item)) {
      const environmentKey = environmentKeys.find((candidate) => candidate === setting);
      if (environmentKey === undefined) return { ok: false, issue: { path: [key], message: 'is not a Realmkeeper setting', unknownKey: setting } };
      if (settingValue === undefined) continue;
      const problem = settingChecks[environmentKey](settingValue);
      if (problem !== undefined) return { ok: false, issue: { path: [key, setting], message: problem } };
    }
  }
  return { ok: true, contents: value as ConfigFileContents };
}
