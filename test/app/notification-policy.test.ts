import { describe, expect, it } from 'vitest';
import { countNeedingAttention, decideNotifications, emptyNotificationMemory } from '../../main/app/notification-policy';

const broken = (cause: string) => ({ id: 'c1', name: 'Larry', status: 'needs_reconnect' as const, cause, causeSummary: 'Summary.', fix: 'Fix.' });
const healthy = { id: 'c1', name: 'Larry', status: 'connected' as const, cause: null, causeSummary: null, fix: null };

describe('decideNotifications', () => {
  it('notifies once per company and cause, however often the list is read', () => {
    const first = decideNotifications(emptyNotificationMemory, [broken('revoked')]);
    expect(first.notifications).toEqual([{ companyId: 'c1', title: 'Larry needs reconnecting', body: 'Summary. Fix.' }]);
    const second = decideNotifications(first.memory, [broken('revoked')]);
    const third = decideNotifications(second.memory, [broken('revoked')]);
    expect(second.notifications).toEqual([]);
    expect(third.notifications).toEqual([]);
  });

  it('notifies again when the cause changes', () => {
    const first = decideNotifications(emptyNotificationMemory, [broken('revoked')]);
    expect(decideNotifications(first.memory, [broken('expired_refresh_token')]).notifications).toHaveLength(1);
  });

  it('forgets a company that recovered, so a later failure is notified again', () => {
    const first = decideNotifications(emptyNotificationMemory, [broken('revoked')]);
    const recovered = decideNotifications(first.memory, [healthy]);
    expect(recovered.notifications).toEqual([]);
    expect(decideNotifications(recovered.memory, [broken('revoked')]).notifications).toHaveLength(1);
  });

  it('counts the companies needing attention', () => {
    expect(countNeedingAttention([broken('revoked'), healthy])).toBe(1);
  });
});
