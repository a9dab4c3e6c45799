import { askPermission } from '../stores/system-notifications';
import { dismissNotice, useNoticesStore } from '../stores/notices-store';
import { openCompany } from '../stores/navigation-store';
import { setCompanyQuery } from '../stores/companies-store';
import type { Notice } from '../stores/notices-store';

/** More than two companies broken at once read better as one line than as a stack of banners. */
function grouped(notices: readonly Notice[]): { readonly single: readonly Notice[]; readonly problems: readonly Notice[] } {
  const problems = notices.filter((notice) => notice.tone === 'problem' && notice.companyId !== null);
  if (problems.length <= 2) return { single: notices, problems: [] };
  return { single: notices.filter((notice) => !problems.includes(notice)), problems };
}

/** In-page notices, newest first; each company notice opens that company. */
export function NoticeBanners() {
  const all = useNoticesStore((state) => state.notices);
  const { single: notices, problems } = grouped(all);
  const permission = useNoticesStore((state) => state.permission);
  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
      {problems.length === 0 ? null : (
        <div className="notice notice-problem" role="alert">
          <div className="notice-text">
            <strong>{problems.length} companies need reconnecting</strong>
            <span>{problems.map((notice) => notice.title.replace(/ needs reconnecting$/, '')).join(', ')}</span>
          </div>
          <button type="button" onClick={() => setCompanyQuery({ status: 'attention', search: '' })}>
            Show them
          </button>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => problems.forEach((notice) => dismissNotice(notice.id))}>
            ×
          </button>
        </div>
      )}
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
