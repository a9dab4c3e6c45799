import { describe, expect, it } from 'vitest';
import { UnansweredCalls } from '../../../main/core/keychain/unanswered-calls';

function outstanding(): { promise: Promise<void>; settle: () => void } {
  let settle = (): void => undefined;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('unanswered keychain calls', () => {
  it('admits calls freely until one is stuck, then one probe per timeout, and none at all with two stuck', async () => {
    let now = 0;
    const calls = new UnansweredCalls(() => now);
    expect(calls.admit(1_000)).toBe('go');

    const first = outstanding();
    calls.timedOut(first.promise);
    expect(calls.admit(1_000)).toBe('refuse');
    now += 1_000;
    expect(calls.admit(1_000)).toBe('probe_first');
    expect(calls.admit(1_000)).toBe('refuse');

    // The probe was taken: calls go ahead beside the stuck one.
    calls.answered();
    expect(calls.admit(1_000)).toBe('go');

    const second = outstanding();
    calls.timedOut(second.promise);
    calls.answered();
    expect(calls.full()).toBe(true);
    now += 60_000;
    expect(calls.admit(1_000)).toBe('refuse');

    // One returns: below the limit again, and the keychain answered since the last one stuck.
    first.settle();
    await first.promise;
    await Promise.resolve();
    expect(calls.count()).toBe(1);
    expect(calls.admit(1_000)).toBe('go');
    second.settle();
  });
});
