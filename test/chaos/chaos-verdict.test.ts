import { describe, expect, it } from 'vitest';
import type { TokenCallRecord } from '../../main/simulator/call-log';
import { answerLostExplained, type Kill } from './chaos-verdict';

const realmId = '9341961420408652';
const hourMs = 3_600_000;

function call(sequence: number, atMs: number, fields: Partial<TokenCallRecord>): TokenCallRecord {
  return {
    sequence,
    endpoint: 'token',
    atMs,
    at: new Date(atMs).toISOString(),
    environment: 'sandbox',
    clientId: 'client',
    grantType: 'refresh_token',
    realmId,
    status: 200,
    error: null,
    cause: null,
    intuitTid: `tid-${sequence}`,
    tokenHash: null,
    usedLatest: true,
    rotated: true,
    issuedRefreshTokenHash: null,
    injectedFault: null,
    delivered: true,
    ...fields,
  };
}

/**
 * Documented seed 9292, round 6 to 7: a refresh issued token B; the user disconnected the company
 * and a command refreshing it was killed at `refresh_before_send`; the app's next send of B was
 * refused (revoked), its first, but its journal held two.
 */
const issued = call(1, 0, { tokenHash: 'aaaaaaaaaaaaaaaa', issuedRefreshTokenHash: 'bbbbbbbbbbbbbbbb' });
const refused = call(2, 72 * hourMs, { tokenHash: 'bbbbbbbbbbbbbbbb', status: 400, error: 'invalid_grant', cause: 'revoked', rotated: null });
const killedBetween: Kill[] = [{ realmId, atMs: 15 * hourMs }];

describe('answer_lost for a company the user disconnected', () => {
  it('is what the app could know when a killed process journalled a send of the refused token that never reached Intuit', () => {
    expect(answerLostExplained([issued, refused], killedBetween, () => 2)).toBe(true);
  });

  it('is not, when the journal holds no send beyond those Intuit saw', () => {
    expect(answerLostExplained([issued, refused], killedBetween, () => 1)).toBe(false);
  });

  it('is not, when no process of the company (nor the app) was killed since the token was issued', () => {
    expect(answerLostExplained([issued, refused], [{ realmId, atMs: -hourMs }, { realmId: '42', atMs: 15 * hourMs }], () => 2)).toBe(false);
  });

  it('is, when the refused token was already replaced or sent twice, whatever the journal says', () => {
    const superseded = { ...refused, usedLatest: false };
    expect(answerLostExplained([issued, superseded], [], () => 0)).toBe(true);
    const resent = call(3, 73 * hourMs, { tokenHash: 'bbbbbbbbbbbbbbbb', status: 400, error: 'invalid_grant', cause: 'revoked', rotated: null });
    expect(answerLostExplained([issued, refused, resent], [], () => 0)).toBe(true);
  });

  it('is not, without any refusal', () => {
    expect(answerLostExplained([issued], killedBetween, () => 2)).toBe(false);
  });
});
