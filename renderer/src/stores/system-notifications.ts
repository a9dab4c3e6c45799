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

/** System notifications wait this long for others, so a burst (after a holiday) becomes one digest. */
const burstMs = 1_500;
/** More than this many in one burst become a digest. */
const digestFrom = 4;

let pending: Notice[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function show(host: NotificationHost, title: string, body: string, tag: string, companyId: string | null): void {
  if (host.Notification === undefined) return;
  const notification = new host.Notification(title, { body, tag });
  notification.onclick = () => {
    host.focus();
    if (companyId !== null) openCompany(companyId);
    notification.close();
  };
}

function flush(host: NotificationHost): void {
  flushTimer = null;
  const burst = pending;
  pending = [];
  if (burst.length >= digestFrom) {
    const broken = burst.filter((notice) => notice.tone === 'problem').length;
    const title = broken === burst.length ? `${broken} companies need reconnecting` : `${burst.length} companies need your attention`;
    show(host, title, 'Open Realmkeeper: the list groups them by what fixes them.', 'digest', null);
    return;
  }
  for (const notice of burst) show(host, notice.title, notice.body, notice.id, notice.companyId);
}

/**
 * Shows the notice in the page always (it stays until dismissed), and as a system notification
 * when the bookkeeper allowed them; clicking either opens the company. Many at once become one.
 */
export function announce(host: NotificationHost, notice: Notice): void {
  addNotice(notice);
  if (useNoticesStore.getState().permission !== 'granted' || host.Notification === undefined) return;
  pending.push(notice);
  flushTimer ??= setTimeout(() => flush(host), burstMs);
}
