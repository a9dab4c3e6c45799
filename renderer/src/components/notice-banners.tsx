import { useMemo, useState } from 'react';
import { brokenCompanies, brokenTitle, namesLine } from '../format/broken-summary';
import { setCompanyQuery, useCompaniesStore } from '../stores/companies-store';
import { openCompany } from '../stores/navigation-store';
import { dismissNotice, useNoticesStore, type NoticeTone } from '../stores/notices-store';
import { askPermission } from '../stores/system-notifications';

/** Urgent first: what needs the bookkeeper's hands, then what is shaky, then good news. */
const toneRank: Readonly<Record<NoticeTone, number>> = { problem: 0, warning: 1, info: 2, good: 3 };

/**
 * The red banner counts the broken companies in the list as it is now; the notices below it
 * (outage, expiry, "connected again") come from events and never push it out.
 */
function BrokenBanner() {
  const companies = useCompaniesStore((state) => state.companies);
  const broken = useMemo(() => brokenCompanies(companies), [companies]);
  const key = broken.map((company) => company.id).join(',');
  const [dismissedKey, setDismissedKey] = useState<string | null>(null);
  if (broken.length === 0 || dismissedKey === key) return null;
  const [only] = broken;
  return (
    <div className="notice notice-problem" role="alert" data-testid="broken-banner">
      <div className="notice-text">
        <strong>{brokenTitle(broken)}</strong>
        <span>{broken.length === 1 ? (only?.causeSummary ?? '') : namesLine(broken)}</span>
      </div>
      {broken.length === 1 && only !== undefined ? (
        <button type="button" onClick={() => openCompany(only.id)}>
          Open company
        </button>
      ) : (
        <button type="button" onClick={() => setCompanyQuery({ status: 'needs_reconnect', search: '' })}>
          Show them
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss until another company breaks" onClick={() => setDismissedKey(key)}>
        ×
      </button>
    </div>
  );
}

/** In-page notices: the broken companies first, then the rest by urgency, newest first within each. */
export function NoticeBanners() {
  const all = useNoticesStore((state) => state.notices);
  // A company's "needs reconnecting" notice is already in the red banner's count.
  const notices = useMemo(() => all.filter((notice) => !(notice.tone === 'problem' && notice.companyId !== null)).sort((left, right) => toneRank[left.tone] - toneRank[right.tone]), [all]);
  const permission = useNoticesStore((state) => state.permission);
  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
      <BrokenBanner />
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`} role={notice.tone === 'problem' ? 'alert' : 'status'}>
          <div className="notice-text">
            <strong>{notice.title}</strong>
            <span>{notice.body}</span>
          </div>
          {notice.companyId === null ? null : (
            <button
              type="button"
              onClick={() => {
                if (notice.companyId !== null) openCompany(notice.companyId);
              }}
            >
              Open company
            </button>
          )}
          <button type="button" className="icon-button" aria-label={`Dismiss: ${notice.title}`} onClick={() => dismissNotice(notice.id)}>
            ×
          </button>
        </div>
      ))}
      {permission === 'default' ? (
        <div className="notice notice-info">
          <div className="notice-text">
            <span>Allow notifications to hear about a company that needs reconnecting even when this window is in the background.</span>
          </div>
          <button type="button" onClick={() => void askPermission(window)}>
            Allow notifications
          </button>
        </div>
      ) : null}
    </section>
  );
}
