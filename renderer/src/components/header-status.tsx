import { useCompaniesStore } from '../stores/companies-store';
import { useNoticesStore } from '../stores/notices-store';
import { RelativeTime } from './relative-time';
import { useNow } from './use-now';

/** The one line that says what the app is doing now, and how fresh the list is. */
export function HeaderStatus() {
  const progress = useCompaniesStore((state) => state.progress);
  const readAt = useCompaniesStore((state) => state.readAt);
  const load = useCompaniesStore((state) => state.load);
  const live = useNoticesStore((state) => state.live);
  const now = useNow(10_000);
  let doing: string;
  if (!live) doing = 'Lost contact with Realmkeeper; reconnecting…';
  else if (progress !== null) doing = `Refreshing ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…`;
  else if (load === 'loading') doing = 'Reading your companies…';
  else doing = 'Keeping your connections alive.';
  return (
    <p className="header-status" role="status" aria-live="polite">
      <span className={live ? 'activity-dot' : 'activity-dot offline'} aria-hidden="true" />
      <span>{doing}</span>
      {readAt === null ? null : (
        <span className="muted">
          {' '}
          List read <RelativeTime at={readAt} now={Math.max(now, readAt)} />.
        </span>
      )}
    </p>
  );
}
