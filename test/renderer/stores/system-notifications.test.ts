import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialNoticesState, useNoticesStore } from '../../../renderer/src/stores/notices-store';
import { announce, type NotificationHost } from '../../../renderer/src/stores/system-notifications';

function fakeHost(): { host: NotificationHost; shown: string[] } {
  const shown: string[] = [];
  class FakeNotification {
    static permission: NotificationPermission = 'granted';
    static requestPermission(): Promise<NotificationPermission> {
      return Promise.resolve('granted');
    }
    onclick: (() => void) | null = null;
    constructor(title: string) {
      shown.push(title);
    }
    close(): void {}
  }
  return { host: { Notification: FakeNotification as unknown as NotificationHost['Notification'], focus: () => undefined }, shown };
}

const problem = (index: number) => ({ id: `company-c${index}`, tone: 'problem' as const, title: `Client ${index} needs reconnecting`, body: 'Why.', companyId: `c${index}` });

describe('system notifications in the browser', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useNoticesStore.setState({ ...initialNoticesState(), permission: 'granted' });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a few one by one', () => {
    const { host, shown } = fakeHost();
    announce(host, problem(1));
    announce(host, problem(2));
    vi.runAllTimers();
    expect(shown).toEqual(['Client 1 needs reconnecting', 'Client 2 needs reconnecting']);
  });

  it('turns a burst (after a holiday) into one digest', () => {
    const { host, shown } = fakeHost();
    for (let index = 0; index < 15; index += 1) announce(host, problem(index));
    vi.runAllTimers();
    expect(shown).toEqual(['15 companies need reconnecting']);
  });
});
