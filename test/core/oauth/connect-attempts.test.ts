import { describe, expect, it } from 'vitest';
import type { AttemptSnapshot } from '../../../main/core/oauth/connect-attempt';
import { ConnectAttempts, scheduleUnrefTimer, type HeldCode } from '../../../main/core/oauth/connect-attempts';
import { ManualTimers } from '../../support/manual-timers';

const tenMinutes = 10 * 60_000;

function setup() {
  let now = 1_000_000;
  const timers = new ManualTimers();
  const changes: AttemptSnapshot[] = [];
  const expiredCodes: HeldCode[] = [];
  const attempts = new ConnectAttempts({
    now: () => now,
    scheduleTimer: timers.schedule,
    onChanged: (attempt) => changes.push(attempt),
    onHeldCodeExpired: (held) => expiredCodes.push(held),
  });
  const begin = (attemptId: string) =>
    attempts.begin({ attemptId, stateHash: `hash-${attemptId}`, environment: 'sandbox', targetCompanyId: undefined, startedAt: now, expiresAt: now + tenMinutes });
  return { attempts, timers, changes, expiredCodes, begin, advance: (ms: number) => (now += ms), now: () => now };
}

const held: HeldCode = {
  code: 'code',
  codeHash: 'code-hash',
  realmId: '9130',
  authorization: {
    stateHash: 'hash-a',
    environment: 'sandbox',
    clientIdFingerprint: 'f',
    redirectUri: 'http://localhost:1/callback',
    targetCompanyId: 'sandbox-1',
    createdAt: 1_000_000,
    status: 'consumed',
    consumedAt: 1_000_000,
  },
};

const mismatch = { step: 'realm_mismatch', expectedCompanyId: 'sandbox-1', expectedCompanyName: 'Larry', returnedRealmId: '9130' } as const;

describe('the connect attempts state machine', () => {
  it('gives each attempt its own expiry timer, which expires it on the flow’s clock and resolves its waiters', async () => {
    const { attempts, timers, begin, advance } = setup();
    begin('a');
    begin('b');
    expect(timers.armed).toBe(2);
    const waiting = attempts.waitFor('a');
    timers.fireAll();
    // The timers fired early by the flow's clock: nothing expires, and they are armed again.
    expect(attempts.pending()).toHaveLength(2);
    expect(timers.armed).toBe(2);
    advance(tenMinutes);
    timers.fireAll();
    expect((await waiting).state).toEqual({ step: 'expired' });
    expect(attempts.pending()).toHaveLength(0);
    expect(timers.armed).toBe(0);
  });

  it('clears the timer when an attempt settles, and drops a result for an attempt already ended', () => {
    const { attempts, timers, begin } = setup();
    begin('a');
    expect(attempts.cancel('a')).toBe(true);
    expect(timers.armed).toBe(0);
    expect(attempts.settle('a', { step: 'connected', companyId: 'sandbox-1', companyName: 'Larry', recovered: false })).toBe(false);
    expect(attempts.get('a')?.state).toEqual({ step: 'cancelled' });
    expect(attempts.beginExchange('a')).toBe(false);
  });

  it('cannot cancel or expire an exchange under way; the exchange settles it, once', () => {
    const { attempts, timers, begin, advance } = setup();
    begin('a');
    expect(attempts.beginExchange('a')).toBe(true);
    expect(timers.armed).toBe(0);
    expect(attempts.beginExchange('a')).toBe(false);
    expect(attempts.cancel('a')).toBe(false);
    advance(tenMinutes);
    attempts.expireOverdue();
    expect(attempts.get('a')?.state).toEqual({ step: 'exchanging' });
    expect(attempts.pending()).toHaveLength(1);
    expect(attempts.settle('a', { step: 'failed', cause: 'exchange_interrupted', detail: 'database busy' })).toBe(true);
    expect(attempts.pending()).toHaveLength(0);
  });

  it('holds a code for a decision until its 10 minutes pass, then expires it and reports the code', () => {
    const { attempts, timers, expiredCodes, begin, advance } = setup();
    begin('a');
    expect(attempts.hold('a', held, mismatch)).toBe(true);
    expect(timers.armed).toBe(1);
    advance(tenMinutes);
    timers.fireAll();
    expect(attempts.get('a')?.state).toEqual({ step: 'expired' });
    expect(expiredCodes).toEqual([held]);
    expect(attempts.exchangeHeld('a')).toBeUndefined();
  });

  it('hands a held code out once, to the exchange or to the discard', () => {
    const { attempts, timers, begin } = setup();
    begin('a');
    attempts.hold('a', held, mismatch);
    expect(attempts.exchangeHeld('a')).toBe(held);
    expect(attempts.exchangeHeld('a')).toBeUndefined();
    expect(attempts.discardHeld('a', { step: 'cancelled' })).toBeUndefined();
    expect(attempts.get('a')?.state).toEqual({ step: 'exchanging' });
    expect(timers.armed).toBe(0);
    begin('b');
    attempts.hold('b', held, mismatch);
    expect(attempts.discardHeld('b', { step: 'cancelled' })).toBe(held);
    expect(attempts.get('b')?.state).toEqual({ step: 'cancelled' });
  });

  it('keeps moving when a listener throws', () => {
    let now = 0;
    const attempts = new ConnectAttempts({
      now: () => now,
      scheduleTimer: new ManualTimers().schedule,
      onChanged: () => {
        throw new Error('a listener bug');
      },
      onHeldCodeExpired: () => undefined,
    });
    attempts.begin({ attemptId: 'a', stateHash: 'h', environment: 'sandbox', targetCompanyId: undefined, startedAt: 0, expiresAt: tenMinutes });
    now = tenMinutes;
    attempts.expireOverdue();
    expect(attempts.get('a')?.state).toEqual({ step: 'expired' });
  });

  it('arms real timers that never keep the process alive', () => {
    const active = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = active();
    const cancel = scheduleUnrefTimer(() => undefined, tenMinutes);
    // An unref'd timer is not counted among the resources that keep Node running.
    expect(active()).toBe(before);
    cancel();
  });
});
