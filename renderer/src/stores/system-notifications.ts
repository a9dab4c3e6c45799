import { addNotice, setPermission, useNoticesStore, type Notice } from './notices-store';
import { openCompany } from './navigation-store';

/** What the window needs of the browser's Notification API, so tests can pass a fake. */
export interface NotificationHost {
  readonly Notification?: {
    readonly permission: NotificationPermission;
    requestPermission(): Promise<NotificationPermission>;
    new (title: string, options?: NotificationOptions): Notification;
  };
  focus(): void;
}

export function readPermission(host: NotificationHost): void {
  setPermission(host.Notification === undefined ? 'unsupported' : host.Notification.permission);
}

export async function askPermission(host: NotificationHost): Promise<void> {
  if (host.Notification === undefined) return;
  setPermission(await host.Notification.requestPermission());
}

/**
 * Shows the notice in the page always (it stays until dismissed), and as a system notification
 * when the bookkeeper allowed them; clicking either opens the company.
 */
export function announce(host: NotificationHost, notice: Notice): void {
  addNotice(notice);
  if (useNoticesStore.getState().permission !== 'granted' || host.Notification === undefined) return;
  const notification = new host.Notification(notice.title, { body: notice.body, tag: notice.id });
  notification.onclick = () => {
    host.focus();
    if (notice.companyId !== null) openCompany(notice.companyId);
    notification.close();
  };
}
