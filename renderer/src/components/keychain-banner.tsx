import { showView } from '../stores/navigation-store';
import type { SettingsView } from '../../../preload/contract/api-contract';

/**
 * Said at start when the system keychain does not answer: Realmkeeper keeps keys nowhere else,
 * so until it is unlocked nothing can be connected or refreshed, and nothing has been lost.
 */
export function KeychainBanner({ settings }: { readonly settings: SettingsView | null }) {
  if (settings === null || settings.keychain.available || settings.demo) return null;
  return (
    <section className="notices" aria-label="Keychain">
      <div className="notice notice-problem" role="alert">
        <div className="notice-text">
          <strong>The system keychain is not answering</strong>
          <span>
            {settings.keychain.problem ?? 'The keychain did not answer.'} Realmkeeper keeps connection keys only in the keychain, never in
            files, so it cannot connect or refresh companies until the keychain is unlocked. Nothing has been lost.
          </span>
        </div>
        <button type="button" onClick={() => showView('settings')}>
          Open Settings
        </button>
      </div>
    </section>
  );
}
