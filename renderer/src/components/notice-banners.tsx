import { askPermission } from '../stores/system-notifications';
import { dismissNotice, useNoticesStore } from '../stores/notices-store';
import { openCompany } from '../stores/navigation-store';

/** In-page notices, newest first; each company notice opens that company. */
export function NoticeBanners() {
  const notices = useNoticesStore((state) => state.notices);
  const permission = useNoticesStore((state) => state.permission);
  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
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
