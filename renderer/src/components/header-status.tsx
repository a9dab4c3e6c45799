import { useMemo } from 'react';
import { brokenCompanies, brokenTitle, companiesCount } from '../format/broken-summary';
import { useCompaniesStore } from '../stores/companies-store';
import { useNoticesStore } from '../stores/notices-store';
import { useSettingsStore } from '../stores/settings-store';
import { RelativeTime } from './relative-time';
import { useNow } from './use-now';

type Tone = 'good' | 'busy' | 'warning' | 'problem';

/**
 * The one line that says what is true now, worst first: no contact with the app, the keychain
 * not answering, broken companies, companies retrying; only then "Keeping your connections alive".
 */
function useHeadline(): { readonly tone: Tone; readonly text: string } {
  const progress = useCompaniesStore((state) => state.progress);
  const load = useCompaniesStore((state) => state.load);
  const companies = useCompaniesStore((state) => state.companies);
  const live = useNoticesStore((state) => state.live);
  const settings = useSettingsStore((state) => state.settings);
  const broken = useMemo(() => brokenCompanies(companies), [companies]);
  const retrying = useMemo(() => companies.filter((company) => company.status === 'retrying').length, [companies]);
  if (!live) return { tone: 'problem', text: 'Lost contact with Realmkeeper; reconnecting…' };
  if (settings !== null && !settings.keychain.available && !settings.demo) {
    return { tone: 'problem', text: 'The system keychain is not answering: no company can be refreshed until it is unlocked.' };
  }
  const suffix = progress === null ? '' : ` Refreshing ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…`;
  if (broken.length > 0) return { tone: 'problem', text: `${brokenTitle(broken)}.${suffix}` };
  if (progress !== null) return { tone: 'busy', text: `Refreshing ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…` };
  if (load === 'loading') return { tone: 'busy', text: 'Reading your companies…' };
  if (retrying > 0) return { tone: 'warning', text: `${companiesCount(retrying)} could not be refreshed just now; Realmkeeper keeps trying.` };
  return { tone: 'good', text: 'Keeping your connections alive.' };
}

export function HeaderStatus() {
  const readAt = useCompaniesStore((state) => state.readAt);
  const now = useNow(10_000);
  const headline = useHeadline();
  return (
    <p className={`header-status header-${headline.tone}`} role="status" aria-live="polite" data-testid="header-status">
      <span className={`activity-dot dot-${headline.tone}`} aria-hidden="true" />
      <span className="header-text">{headline.text}</span>
      {readAt === null ? null : (
        <span className="muted">
          {' '}
          List read <RelativeTime at={readAt} now={Math.max(now, readAt)} />.
        </span>
      )}
    </p>
  );
}
