import { useState, type FormEvent } from 'react';
import type { Environment, SettingsView as Settings } from '../../../preload/contract/api-contract';
import { ErrorState, LoadingState } from '../components/state-panels';
import { environmentLabels } from '../format/status-text';
import { useNoticesStore } from '../stores/notices-store';
import { askPermission } from '../stores/system-notifications';
import { loadSettings, saveClientSecret, saveSetting, settingValue, useSettingsStore } from '../stores/settings-store';

function Message({ name }: { readonly name: string }) {
  const message = useSettingsStore((state) => state.messages[name]);
  if (message === undefined) return null;
  return (
    <span className={message.ok ? 'field-message good-text' : 'field-message error-text'} role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </span>
  );
}

function sourceOf(settings: Settings, key: string): string {
  return settings.entries.find((entry) => entry.key === key)?.source ?? '';
}

function settable(settings: Settings, key: string): boolean {
  return settings.entries.find((entry) => entry.key === key)?.settable ?? true;
}

/** A text setting saved on submit, with where its value comes from and the answer beside it. */
function TextSetting({ settings, name, label, hint }: { readonly settings: Settings; readonly name: string; readonly label: string; readonly hint?: string }) {
  const current = settingValue(settings, name);
  const [draft, setDraft] = useState(current === null ? '' : String(current));
  const saving = useSettingsStore((state) => state.saving === name);
  const id = `setting-${name}`;
  const locked = !settable(settings, name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saveSetting(name, draft.trim());
  };
  return (
    <form className="field" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <div className="field-row">
        <input id={id} value={draft} disabled={locked} onChange={(event) => setDraft(event.target.value)} spellCheck={false} />
        <button type="submit" disabled={locked || saving || draft.trim() === String(current ?? '')}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      <span className="muted small">
        {hint === undefined ? '' : `${hint} `}
        {sourceOf(settings, name) === '' ? '' : `Set by: ${sourceOf(settings, name)}.`}
        {locked ? ' Change it where it is set.' : ''}
      </span>
      <Message name={name} />
    </form>
  );
}

function SecretSetting({ environment, stored, variable }: { readonly environment: Environment; readonly stored: boolean; readonly variable: string | null }) {
  const [draft, setDraft] = useState('');
  const key = `${environment}.clientSecret`;
  const saving = useSettingsStore((state) => state.saving === key);
  const id = `setting-${key}`;
  return (
    <form
      className="field"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await saveClientSecret(environment, draft)) setDraft('');
      }}
    >
      <label htmlFor={id}>Client secret</label>
      <div className="field-row">
        <input id={id} type="password" autoComplete="off" value={draft} placeholder={stored ? 'Stored — type a new one to replace it' : 'Paste the client secret'} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit" disabled={saving || draft === ''}>
          {saving ? 'Storing…' : stored ? 'Replace' : 'Store'}
        </button>
      </div>
      <span className="muted small">
        {variable !== null
          ? `Set by: environment variable ${variable}, which takes precedence over the keychain.`
          : stored
            ? '✓ Stored in the system keychain. It is never shown again.'
            : 'Not stored yet. It goes to the system keychain and is never shown again.'}
      </span>
      <Message name={key} />
    </form>
  );
}

/**
 * The demo's data folder and keychain entries are emptied at every start, so keys typed here
 * would be lost: the demo says so, and how to leave it, instead of offering fields.
 */
function DemoKeys() {
  return (
    <fieldset className="settings-group" data-testid="demo-keys">
      <legend>Your Intuit keys</legend>
      <p>
        The demo uses the simulator's own keys and starts empty each time, so it cannot keep your Intuit keys. To use your keys, quit Realmkeeper and set
        them, then start it again; it leaves the demo by itself once keys are set:
      </p>
      <pre className="mono small">{'realmkeeper config set sandbox.clientId YOUR_CLIENT_ID\nrealmkeeper config set-secret sandbox   (reads the secret from standard input)'}</pre>
      <p className="muted small">Or set REALMKEEPER_SANDBOX_CLIENT_ID and REALMKEEPER_SANDBOX_CLIENT_SECRET (PRODUCTION for production keys) before starting it.</p>
    </fieldset>
  );
}

function EnvironmentSection({ settings, environment }: { readonly settings: Settings; readonly environment: Settings['environments'][number] }) {
  const name = environment.environment;
  const mode = settingValue(settings, `${name}.redirectMode`);
  const modeKey = `${name}.redirectMode`;
  return (
    <fieldset className={`settings-group environment-${name}`}>
      <legend>
        {environmentLabels[name]} keys <span className="muted small">({name === 'sandbox' ? "Intuit's test companies" : "your clients' real books"})</span>
      </legend>
      <p className={!environment.enabled ? 'muted small' : environment.problems.length > 0 ? 'warning-text small' : 'good-text small'}>
        {!environment.enabled ? 'Off until the keys below are complete.' : environment.problems.length > 0 ? 'On, but connecting will fail until the problem below is fixed.' : 'On: companies can be connected.'}
      </p>
      {environment.problems.length === 0 ? null : (
        <ul className="problems" role="alert">
          {environment.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <TextSetting settings={settings} name={`${name}.clientId`} label="Client id" />
      <SecretSetting environment={name} stored={environment.secretStored} variable={environment.secretVariable} />
      <div className="field">
        <label htmlFor={`setting-${modeKey}`}>How Intuit sends you back</label>
        <select id={`setting-${modeKey}`} value={String(mode ?? 'loopback')} disabled={!settable(settings, modeKey)} onChange={(event) => void saveSetting(modeKey, event.target.value)}>
          <option value="loopback">To this computer (http://localhost — development keys only)</option>
          <option value="custom-protocol">Through a relay page to the app (needed for production)</option>
        </select>
        <Message name={modeKey} />
      </div>
      <TextSetting settings={settings} name={`${name}.redirectUri`} label="Redirect URI" hint="Must match the one in your Intuit app exactly, character for character." />
    </fieldset>
  );
}

/** The setting can be on while the browser blocks this page's notifications: say so, and how to allow them. */
function NotificationPermissionNote({ on }: { readonly on: boolean }) {
  const permission = useNoticesStore((state) => state.permission);
  if (!on || permission === 'granted') return null;
  if (permission === 'denied') {
    return (
      <span className="warning-text small" role="status">
        Your browser blocks notifications from this page, so none will appear. Allow them in the browser's site settings (the icon left of the address), then reload.
      </span>
    );
  }
  if (permission === 'default') {
    return (
      <span className="small">
        <button type="button" className="link-button" onClick={() => void askPermission(window)}>
          Allow notifications in this browser
        </button>
      </span>
    );
  }
  return <span className="muted small">This browser cannot show notifications; the window's banners still say everything.</span>;
}

export function SettingsView() {
  const { load, error, settings } = useSettingsStore();
  if (load === 'loading' && settings === null) return <LoadingState label="Reading the settings…" />;
  if (settings === null) return <ErrorState title="The settings could not be read" message={error ?? ''} onRetry={() => void loadSettings()} />;
  const interval = settingValue(settings, 'keepAliveIntervalHours');
  const notifications = settingValue(settings, 'notifications') === true;
  return (
    <section className="settings" aria-label="Settings">
      {settings.demo ? <p className="demo-note">This is the demo: the companies and Intuit are simulated on this computer, and it starts empty each time. Nothing reaches real QuickBooks.</p> : null}
      <fieldset className="settings-group">
        <legend>System keychain</legend>
        <p>
          {settings.keychain.available ? <span className="good-text">✓ Answering</span> : <span className="error-text">✗ Not answering</span>} — {settings.keychain.backend}
        </p>
        {settings.keychain.problem === null ? null : <p className="error-text">{settings.keychain.problem}</p>}
        <p className="muted small">Connection keys and client secrets are kept only here, never in files.</p>
      </fieldset>
      {settings.demo ? <DemoKeys /> : settings.environments.map((environment) => <EnvironmentSection key={environment.environment} settings={settings} environment={environment} />)}
      <fieldset className="settings-group">
        <legend>Keeping connections alive</legend>
        <div className="field">
          <label htmlFor="setting-keepAliveIntervalHours">Refresh every company at least every</label>
          <div className="field-row">
            <select id="setting-keepAliveIntervalHours" value={String(interval ?? 24)} onChange={(event) => void saveSetting('keepAliveIntervalHours', Number(event.target.value))}>
              {[1, 2, 4, 6, 8, 12, 24].map((hours) => (
                <option key={hours} value={hours}>
                  {hours} hour{hours === 1 ? '' : 's'}
                </option>
              ))}
            </select>
          </div>
          <span className="muted small">Intuit ends a connection unused for about 100 days; a daily refresh keeps it alive while Realmkeeper runs.</span>
          <Message name="keepAliveIntervalHours" />
        </div>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={notifications} onChange={(event) => void saveSetting('notifications', event.target.checked)} />
            Notify me when a company needs reconnecting
          </label>
          <NotificationPermissionNote on={notifications} />
          <Message name="notifications" />
        </div>
      </fieldset>
      <fieldset className="settings-group">
        <legend>Data folder</legend>
        <p className="mono">{settings.dataFolder}</p>
        <p className="muted small">The company list and history. No keys are stored here.</p>
      </fieldset>
    </section>
  );
}
