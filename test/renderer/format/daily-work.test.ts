import { describe, expect, it } from 'vitest';
import { causeGroups } from '../../../renderer/src/format/cause-groups';
import { companiesCsv, csvColumns } from '../../../renderer/src/format/companies-csv';
import { historyLines, plainMessage } from '../../../renderer/src/format/history-lines';
import { reconnectRequest } from '../../../renderer/src/format/reconnect-request';
import { csvRecords } from '../../e2e/support/parse-csv';
import { company } from '../support/fake-api';

const now = Date.UTC(2026, 11, 1, 9);
const broken = (id: string, cause: string) => company({ id, name: `Client ${id}`, status: 'needs_reconnect', cause, causeSummary: `Why ${cause}.`, fix: `Fix ${cause}.` }, now);

describe('the daily work, as pure functions', () => {
  it('groups broken companies by cause, largest first, with one Why and Fix each', () => {
    const groups = causeGroups([broken('1', 'revoked'), broken('2', 'expired_refresh_token'), broken('3', 'revoked'), company({ id: '4', name: 'Fine' }, now)]);
    expect(groups.map((group) => [group.title, group.summary, group.fix, group.companies.length])).toEqual([
      ['2 disconnected in QuickBooks', 'Why revoked.', 'Fix revoked.', 2],
      ['1 unused for 100 days', 'Why expired_refresh_token.', 'Fix expired_refresh_token.', 1],
    ]);
  });

  it('exports CSV that a strict reader parses back, quoting commas and quotes and defusing formulas', () => {
    const tricky = company({ id: '9', name: '=HYPERLINK("x"), Inc.' }, now);
    const records = csvRecords(companiesCsv([broken('1', 'revoked'), tricky], now));
    expect(Object.keys(records[0] ?? {})).toEqual([...csvColumns]);
    expect(records[0]).toMatchObject({ company: 'Client 1', status: 'Needs reconnect', status_code: 'needs_reconnect', cause: 'Disconnected in QuickBooks', cause_code: 'revoked', fix: 'Fix revoked.' });
    expect(records[1]?.['company']).toBe(`'=HYPERLINK("x"), Inc.`);
  });

  it('folds a failure (refusal, retry, verdict) into one history line', () => {
    const event = (id: number, at: number, kind: string, outcome: string | null) => ({ id, at, companyId: 'c', kind, outcome, httpStatus: null, intuitError: null, intuitTid: null, cause: null, message: null });
    const lines = historyLines([event(4, 5_000, 'needs_reconnect', 'needs_reconnect'), event(3, 4_000, 'refresh', 'rejected'), event(2, 3_000, 'refresh', 'rejected'), event(1, 1_000, 'refresh', 'succeeded')]);
    expect(lines.map((line) => [line.main.id, line.events.length])).toEqual([
      [4, 3],
      [1, 1],
    ]);
  });

  it('writes the reconnect request in plain words, greeting the named admin, with the codes only in the last line', () => {
    const text = reconnectRequest({ ...broken('1', 'revoked'), causeSummary: 'Someone disconnected it in QuickBooks.', fixer: { name: 'Dana', email: null } });
    expect(text.startsWith('Hello Dana,')).toBe(true);
    expect(text).toContain('choose "Client 1"');
    expect(text.split('\n').filter((line) => line.includes('revoked'))).toEqual([expect.stringMatching(/^\(For support: company number \d+, cause revoked\.\)$/)]);
  });
});

describe('plain messages', () => {
  it('keeps codes in brackets out of the words', () => {
    expect(plainMessage('The connection test failed (token_unavailable)')).toBe('The connection test failed');
    expect(plainMessage('Intuit refused the refresh (invalid_grant, HTTP 400)')).toBe('Intuit refused the refresh');
    expect(plainMessage("Larry's Bakery is connected (again)")).toBe("Larry's Bakery is connected (again)");
  });
});
