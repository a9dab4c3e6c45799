import { getApi } from '../api/current-api';
import type { SettingsView } from '../../../preload/contract/api-contract';
import { openConnectDialog } from '../stores/connect-store';
import { showView } from '../stores/navigation-store';

const intuitKeysPage = 'https://developer.intuit.com/app/developer/dashboard';

/** First run: what the app does, where keys come from, and the demo. */
export function WelcomeView({ settings, onDismiss }: { readonly settings: SettingsView; readonly onDismiss: () => void }) {
  return (
    <section className="welcome" aria-label="Welcome">
      <h2>Welcome to Realmkeeper</h2>
      <p className="lead">
        Realmkeeper keeps your clients' QuickBooks Online connections working. You connect each client company once; Realmkeeper refreshes the connection in the
        background, and tells you by name — with the fix — when one needs your attention.
      </p>
      <ol className="steps">
        <li>
          <strong>Get your Intuit keys.</strong> Create an app on Intuit's developer site and copy its client id and secret (the README's section “What you need”
          walks through it).{' '}
          <button type="button" className="link-button" onClick={() => void getApi().openExternal({ url: intuitKeysPage })}>
            Open Intuit's developer site
          </button>
        </li>
        <li>
          <strong>Enter them in Settings.</strong> The secret goes into your computer's keychain and is never shown again.
        </li>
        <li>
          <strong>Connect your companies.</strong> Each one opens Intuit's page in your browser once.
        </li>
      </ol>
      {settings.demo ? (
        <p className="demo-note">
          <strong>This is the demo.</strong> Realmkeeper is running with simulated Intuit companies on this computer, so you can try everything safely. Nothing
          reaches real QuickBooks.
        </p>
      ) : null}
      <div className="choice-row">
        {settings.demo ? (
          <button
            type="button"
            className="primary"
            onClick={() => {
              onDismiss();
              openConnectDialog();
            }}
          >
            Try the demo: connect a simulated company
          </button>
        ) : null}
        <button
          type="button"
          className={settings.demo ? '' : 'primary'}
          onClick={() => {
            onDismiss();
            showView('settings');
          }}
        >
          Enter my Intuit keys
        </button>
      </div>
    </section>
  );
}
