import type { CompanySummary } from '../../preload/contract/api-contract';
import type { AppLogger } from './app-logger';
import { decideNotifications, emptyNotificationMemory, type AppNotification, type NotificationMemory } from './notification-policy';

/**
 * Keeps the policy's memory and hands its notifications to the shells' listeners. The memory
 * advances even while notifications are off, so turning them on does not replay old news.
 */
export class NotificationDispatch {
  private memory: NotificationMemory = emptyNotificationMemory;
  private readonly listeners = new Set<(notification: AppNotification) => void>();

  constructor(private readonly logger: AppLogger) {}

  subscribe(listener: (notification: AppNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  review(readCompanies: () => readonly CompanySummary[], now: number, enabled: boolean): void {
    let companies: readonly CompanySummary[];
    try {
      companies = readCompanies();
    } catch (error) {
      this.logger.error('Could not read the companies for notifications', error);
      return;
    }
    const decision = decideNotifications(this.memory, companies, now);
    this.memory = decision.memory;
    if (!enabled) return;
    for (const notification of decision.notifications) {
      for (const listener of this.listeners) {
        try {
          listener(notification);
        } catch (error) {
          this.logger.error('A notification listener failed', error);
        }
      }
    }
  }
}
