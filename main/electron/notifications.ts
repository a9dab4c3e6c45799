import type { Notification } from 'electron';
import type { AppNotification } from '../app/notification-policy';

export interface NotificationDependencies {
  /** The service's notifications, already deduplicated per company and cause by the policy. */
  readonly onNotification: (listener: (notification: AppNotification) => void) => () => void;
  /** Shows the window on that company. */
  readonly focusCompany: (companyId: string) => void;
}

/** Shows each policy notification as an OS notification; a click opens the app on the company. */
export function wireNotifications(NotificationClass: Pick<typeof Notification, 'isSupported'> & (new (options: { title: string; body: string }) => Notification), dependencies: NotificationDependencies): () => void {
  // Kept referenced until closed: a garbage-collected Notification loses its click handler.
  const shown = new Set<Notification>();
  return dependencies.onNotification((notification) => {
    if (!NotificationClass.isSupported()) return;
    const note = new NotificationClass({ title: notification.title, body: notification.body });
    shown.add(note);
    note.on('click', () => {
      // A digest (companyId null) just brings the window forward; the list groups the companies.
      if (notification.companyId !== null) dependencies.focusCompany(notification.companyId);
    });
    note.on('close', () => shown.delete(note));
    note.show();
  });
}
