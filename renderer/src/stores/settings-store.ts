import { create } from 'zustand';
import type { Environment, SettingsView } from '../../../preload/contract/api-contract';
import { getApi } from '../api/current-api';

export interface SettingsState {
  readonly load: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly settings: SettingsView | null;
  /** The key being saved, and the last save's answer per key (shown beside the field). */
  readonly saving: string | null;
  readonly messages: Readonly<Record<string, { readonly ok: boolean; readonly text: string }>>;
}

export function initialSettingsState(): SettingsState {
  return { load: 'loading', error: null, settings: null, saving: null, messages: {} };
}

export const useSettingsStore = create<SettingsState>()(() => initialSettingsState());

export async function loadSettings(): Promise<void> {
  const result = await getApi().getSettings({});
  if (!result.ok) {
    useSettingsStore.setState({ load: 'error', error: result.error.message });
    return;
  }
  useSettingsStore.setState({ load: 'ready', error: null, settings: result.value });
}

function finish(key: string, result: { ok: true; value: SettingsView } | { ok: false; error: { message: string } }, savedText: string): boolean {
  useSettingsStore.setState((state) => ({
    saving: null,
    settings: result.ok ? result.value : state.settings,
    messages: { ...state.messages, [key]: result.ok ? { ok: true, text: savedText } : { ok: false, text: result.error.message } },
  }));
  return result.ok;
}

export async function saveSetting(key: string, value: string | number | boolean): Promise<boolean> {
  useSettingsStore.setState({ saving: key });
  return finish(key, await getApi().setSetting({ key, value }), 'Saved');
}

/** The secret goes to the keychain through main and is never read back: the view only learns "stored". */
export async function saveClientSecret(environment: Environment, secret: string): Promise<boolean> {
  const key = `${environment}.clientSecret`;
  useSettingsStore.setState({ saving: key });
  return finish(key, await getApi().setClientSecret({ environment, secret }), 'Stored in the keychain');
}

export function settingValue(settings: SettingsView | null, key: string): string | number | boolean | null {
  return settings?.entries.find((entry) => entry.key === key)?.value ?? null;
}

export function enabledEnvironments(settings: SettingsView | null): Environment[] {
  return (settings?.environments ?? []).filter((environment) => environment.enabled).map((environment) => environment.environment);
}

/** First run: no environment has keys yet, and this is not the demo. */
export function needsWelcome(settings: SettingsView | null): boolean {
  return settings !== null && !settings.demo && enabledEnvironments(settings).length === 0;
}
