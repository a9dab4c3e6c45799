import type { ValueSource } from './config-types';
import type { ResolvedConfig } from './resolve-config';
import { intuitEnvironments } from './config-types';

export interface ConfigEntry {
  key: string;
  /** Undefined when unset; secrets are never included, only where they come from. */
  value: string | number | boolean | undefined;
  source: ValueSource | { kind: 'keychain'; service: string };
  /** False for values only an environment variable can change (data directory, keychain service, secrets). */
  settable: boolean;
}

/** Every value with its origin, in display order, for `realmkeeper config get` and Settings. */
export function listConfigEntries(config: ResolvedConfig): ConfigEntry[] {
  const entries: ConfigEntry[] = [
    { key: 'dataDirectory', ...config.dataDirectory, settable: false },
    { key: 'keychainService', ...config.keychainService, settable: false },
  ];
  for (const environment of intuitEnvironments) {
    const section = config[environment];
    entries.push(
      { key: `${environment}.discoveryUrl`, ...section.discoveryUrl, settable: true },
      { key: `${environment}.apiBaseUrl`, ...section.apiBaseUrl, settable: true },
      { key: `${environment}.clientId`, ...section.clientId, settable: true },
      { key: `${environment}.clientSecret`, value: undefined, source: section.clientSecret, settable: false },
      { key: `${environment}.redirectMode`, ...section.redirectMode, settable: true },
      { key: `${environment}.redirectUri`, ...section.redirectUri, settable: true },
    );
  }
  entries.push(
    { key: 'keepAliveIntervalHours', ...config.keepAliveIntervalHours, settable: true },
    { key: 'refreshConcurrency', ...config.refreshConcurrency, settable: true },
    { key: 'notifications', ...config.notifications, settable: true },
  );
  return entries;
}
