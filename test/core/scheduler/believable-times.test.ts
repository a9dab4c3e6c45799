import { describe, expect, it } from 'vitest';
import { BelievableTimes } from '../../../main/core/scheduler/believable-times';

describe('believable times', () => {
  it('keeps a time within the slack, and reads one further ahead as first seen plus the slack until it changes', () => {
    const times = new BelievableTimes();
    expect(times.read('a', undefined, 1_000, 100)).toBeUndefined();
    expect(times.read('a', 1_050, 1_000, 100)).toBe(1_050);
    expect(times.read('a', 9_000, 1_000, 100)).toBe(1_100);
    // Read again later: still from when it was first seen, never later than it says.
    expect(times.read('a', 9_000, 5_000, 100)).toBe(1_100);
    // Another value ahead is a new writing, first seen now.
    expect(times.read('a', 12_000, 6_000, 100)).toBe(6_100);
    // Nor once the clock catches up with it: that would push the company back again.
    expect(times.read('a', 12_000, 11_950, 100)).toBe(6_100);
    // A time written within the slack is believed as written.
    expect(times.read('a', 12_020, 11_950, 100)).toBe(12_020);
    expect(times.read('b', 9_000, 1_000, 100)).toBe(1_100);
  });
});
