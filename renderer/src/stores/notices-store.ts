import { create } from 'zustand';

export type NoticeTone = 'problem' | 'warning' | 'good' | 'info';

/** A banner in the window; `companyId` makes it open that company when clicked. */
export interface Notice {
  readonly id: string;
  readonly tone: NoticeTone;
  readonly title: string;
  readonly body: string;
  readonly companyId: string | null;
}

export type NotificationPermissionState = 'unsupported' | 'default' | 'granted' | 'denied';

export interface NoticesState {
  readonly notices: readonly Notice[];
  readonly permission: NotificationPermissionState;
  /** False while the shell's event stream is down; the header says so. */
  readonly live: boolean;
}

export function initialNoticesState(): NoticesState {
  return { notices: [], permission: 'unsupported', live: true };
}

export const useNoticesStore = create<NoticesState>()(() => initialNoticesState());

/** At most this many good-news notices stay; warnings and problems stay until dismissed or resolved. */
const goodNoticeLimit = 3;

/**
 * A notice with the same id replaces the old one, so a repeated warning does not pile up. Only
 * good news is capped, so "connected again" can never push a warning out.
 */
export function addNotice(notice: Notice): void {
  useNoticesStore.setState((state) => {
    const notices = [notice, ...state.notices.filter((each) => each.id !== notice.id)];
    let good = 0;
    return {
      notices: notices.filter((each) => {
        if (each.tone !== 'good') return true;
        good += 1;
        return good <= goodNoticeLimit;
      }),
    };
  });
}

export function dismissNotice(id: string): void {
  useNoticesStore.setState((state) => ({ notices: state.notices.filter((each) => each.id !== id) }));
}

export function dismissCompanyNotices(companyId: string): void {
  useNoticesStore.setState((state) => ({ notices: state.notices.filter((each) => each.companyId !== companyId) }));
}

export function setPermission(permission: NotificationPermissionState): void {
  useNoticesStore.setState({ permission });
}

export function setLive(live: boolean): void {
  if (useNoticesStore.getState().live !== live) useNoticesStore.setState({ live });
}
