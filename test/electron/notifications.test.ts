import type { Notification } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../main/app/notification-policy';
import { wireNotifications } from '../../main/electron/notifications';

class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

describe('wireNotifications', () => {
  it('shows each policy notification once; a click focuses the app on that company', () => {
    let emit: (notification: AppNotification) => void = () => {};
    const focusCompany = vi.fn();
    wireNotifications(FakeNotification as unknown as typeof Notification, {
      onNotification: (listener) => {
        emit = listener;
        return () => {};
      },
      focusCompany,
    });
    emit({ companyId: 'c1', title: 'Larry needs reconnecting', body: 'Why. Fix.' });
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0]?.options).toEqual({ title: 'Larry needs reconnecting', body: 'Why. Fix.' });
    FakeNotification.shown[0]?.emit('click');
    expect(focusCompany).toHaveBeenCalledWith('c1');
  });
});
