import { describe, expect, it } from 'vitest';
import { refreshOutcome } from '../../main/cli/refresh-outcome';

describe('what a command says when a refresh must wait', () => {
  it('ends the detail with one full stop, whether or not it came with one', () => {
    const now = Date.UTC(2026, 11, 2);
    for (const detail of ['Intuit is down', 'Close that process and try again.']) {
      const { message } = refreshOutcome("Larry's Bakery", { kind: 'retrying', reason: 'busy', retryAt: now + 5_000, detail }, now);
      expect(message).not.toMatch(/\.\./);
      expect(message).toMatch(/(down|again)\. Realmkeeper tries again/);
    }
  });
});
