import { describe, expect, it } from 'vitest';
import { countNeedingAttention, decideNotifications, emptyNotificationMemory, type NotificationMemory } from '../../main/app/notification-policy';

const day = 86_400_000;
const now = Date.UTC(2026, 11, 1, 9);
const far = { refreshExpiresAt: now + 100 * day, refreshHardExpiresAt: now + 1_500 * day };
const broken = (cause: string, id = 'c1') => ({ id, name: id === 'c1' ? 'Larry' : `Client ${id}`, status: 'needs_reconnect' as const, cause, causeSummary: 'Summary.', fix: 'Fix.', ...far });
const healthy = (overrides: Partial<{ id: string; refreshExpiresAt: number | null; refreshHardExpiresAt: number | null }> = {}) => ({
  id: 'c1',
  name: 'Larry',
  status: 'connected' as const,
  cause: null,
  causeSummary: null,
  fix: null,
  ...far,
  ...overrides,
});

describe('decideNotifications', () => {
  it('notifies once per company and cause, however often the list is read', () => {
    const first = decideNotifications(emptyNotificationMemory, [broken('revoked')], now);
    expect(first.notifications).toEqual([{ companyId: 'c1', title: 'Larry needs reconnecting', body: 'Summary. Fix.' }]);
    const second = decideNotifications(first.memory, [broken('revoked')], now);
    const third = decideNotifications(second.memory, [broken('revoked')], now);
    expect(second.notifications).toEqual([]);
    expect(third.notifications).toEqual([]);
  });

  it('notifies again when the cause changes', () => {
    const first = decideNotifications(emptyNotificationMemory, [broken('revoked')], now);
    expect(decideNotifications(first.memory, [broken('expired_refresh_token')], now).notifications).toHaveLength(1);
  });

  it('forgets a company that recovered, so a later failure is notified again', () => {
    const first = decideNotifications(emptyNotificationMemory, [broken('revoked')], now);
    const recovered = decideNotifications(first.memory, [healthy()], now);
    expect(recovered.notifications).toEqual([]);
    expect(decideNotifications(recovered.memory, [broken('revoked')], now).notifications).toHaveLength(1);
  });

  it('warns 14, 7 and 2 days before an unused connection ends, once each', () => {
    const expires = now + 20 * day;
    let memory: NotificationMemory = emptyNotificationMemory;
    const titles: string[] = [];
    for (let elapsed = 0; elapsed <= 20 * day; elapsed += day / 4) {
      const decision = decideNotifications(memory, [healthy({ refreshExpiresAt: expires })], now + elapsed);
      memory = decision.memory;
      titles.push(...decision.notifications.map((notification) => notification.title));
    }
    expect(titles).toEqual(["Larry's connection ends in 14 days", "Larry's connection ends in 7 days", "Larry's connection ends in 2 days"]);
  });

  it("warns before Intuit's five-year limit, and only of the most urgent milestone when several passed while closed", () => {
    const decision = decideNotifications(emptyNotificationMemory, [healthy({ refreshHardExpiresAt: now + 5 * day })], now);
    expect(decision.notifications.map((notification) => notification.title)).toEqual(["Larry reaches Intuit's 5-year limit in 7 days"]);
    expect(decideNotifications(decision.memory, [healthy({ refreshHardExpiresAt: now + 5 * day })], now + day).notifications).toEqual([]);
  });

  it('never warns of expiry for a broken company', () => {
    expect(decideNotifications(emptyNotificationMemory, [{ ...broken('revoked'), refreshExpiresAt: now + day }], now).notifications.map((each) => each.title)).toEqual(['Larry needs reconnecting']);
  });

  it('sends one digest instead of one notification each when many break at once, at most once a day', () => {
    const many = Array.from({ length: 12 }, (_, index) => broken('expired_refresh_token', `c${index + 2}`));
    const first = decideNotifications(emptyNotificationMemory, many, now);
    expect(first.notifications).toEqual([{ companyId: null, title: '12 companies need reconnecting', body: 'Open Realmkeeper: the list groups them by what fixes them.' }]);
    const more = Array.from({ length: 5 }, (_, index) => broken('revoked', `d${index}`));
    // A second wave the same day is left to the window's banner, which counts every broken company.
    const sameDay = decideNotifications(first.memory, [...many, ...more], now + 3_600_000);
    expect(sameDay.notifications).toEqual([]);
    const later = Array.from({ length: 4 }, (_, index) => broken('revoked', `e${index}`));
    const nextDay = decideNotifications(sameDay.memory, [...many, ...more, ...later], now + day);
    expect(nextDay.notifications).toEqual([{ companyId: null, title: '4 companies need reconnecting', body: 'Open Realmkeeper: the list groups them by what fixes them.' }]);
  });

  it('counts the companies needing attention', () => {
    expect(countNeedingAttention([broken('revoked'), healthy()])).toBe(1);
  });
});
