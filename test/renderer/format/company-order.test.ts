import { describe, expect, it } from 'vitest';
import { countByStatus, orderCompanies } from '../../../renderer/src/format/company-order';
import { expiryHorizon, expiryText, retryText } from '../../../renderer/src/format/company-text';
import { displayStatusOf } from '../../../renderer/src/format/status-text';
import { company } from '../support/fake-api';

const now = Date.UTC(2026, 10, 23, 12);
const day = 86_400_000;
const list = [
  company({ id: 'a', name: 'Zephyr Cafe' }, now),
  company({ id: 'b', name: "Larry's Bakery", status: 'needs_reconnect' }, now),
  company({ id: 'c', name: 'Acme Plumbing', status: 'retrying', retryAt: now + 60_000 }, now),
  company({ id: 'd', name: "Amy's Bird Sanctuary", refreshing: true }, now),
  company({ id: 'e', name: 'Bayside Books', refreshExpiresAt: now + 5 * day }, now),
];

describe('orderCompanies', () => {
  it('puts the companies needing attention first', () => {
    expect(orderCompanies(list, { search: '', status: 'all', sort: 'attention' }).map((each) => each.id)).toEqual(['b', 'c', 'd', 'e', 'a']);
  });

  it('searches by name, ignoring case', () => {
    expect(orderCompanies(list, { search: 'BAKERY', status: 'all', sort: 'name' }).map((each) => each.name)).toEqual(["Larry's Bakery"]);
  });

  it('filters by status, with "attention" covering broken, retrying and about to expire', () => {
    expect(orderCompanies(list, { search: '', status: 'attention', sort: 'name' }, now).map((each) => each.id)).toEqual(['c', 'e', 'b']);
    expect(orderCompanies(list, { search: '', status: 'refreshing', sort: 'name' }).map((each) => each.id)).toEqual(['d']);
  });

  it('sorts by name and by expiry', () => {
    expect(orderCompanies(list, { search: '', status: 'all', sort: 'name' })[0]?.name).toBe('Acme Plumbing');
    expect(orderCompanies(list, { search: '', status: 'all', sort: 'expiry' })[0]?.id).toBe('e');
  });

  it('counts by the status the window shows', () => {
    expect(countByStatus(list)).toEqual({ connected: 2, refreshing: 1, needs_reconnect: 1, retrying: 1, disconnected: 0 });
  });
});

describe('company text', () => {
  it('shows a horizon only under 30 days (amber), red under 14, and nothing for a broken one', () => {
    expect(expiryText(company({ id: 'x', name: 'X', refreshExpiresAt: now + 98.5 * day }, now), now)).toBeNull();
    expect(expiryHorizon(company({ id: 'x', name: 'X', refreshExpiresAt: now + 29.5 * day }, now), now)).toMatchObject({ text: 'Expires in 29 days unless refreshed', tone: 'amber' });
    expect(expiryHorizon(company({ id: 'x', name: 'X', refreshExpiresAt: now + 13.5 * day }, now), now)).toMatchObject({ text: 'Expires in 13 days unless refreshed', tone: 'red' });
    expect(expiryText(company({ id: 'x', name: 'X', status: 'needs_reconnect', refreshExpiresAt: now + 3 * day }, now), now)).toBeNull();
  });

  it('counts a company about to expire as needing attention, and finds a name typed with a curly apostrophe', () => {
    const soon = company({ id: 's', name: "Larry's Bakery", refreshExpiresAt: now + 10 * day }, now);
    const fine = company({ id: 'f', name: 'Fine Co' }, now);
    expect(orderCompanies([fine, soon], { search: '', status: 'attention', sort: 'name' }, now).map((each) => each.id)).toEqual(['s']);
    expect(orderCompanies([fine, soon], { search: 'larry\u2019s', status: 'all', sort: 'name' }, now).map((each) => each.id)).toEqual(['s']);
  });

  it("mentions Intuit's five-year limit when it comes first", () => {
    expect(expiryText(company({ id: 'x', name: 'X', refreshHardExpiresAt: now + 20 * day }, now), now)).toMatch(/5-year limit/);
  });

  it('tells a retrying company when the next try is', () => {
    expect(retryText(company({ id: 'x', name: 'X', status: 'retrying', retryAt: now + 10 * 60_000 }, now), now)).toMatch(/in 10 minutes/);
  });

  it('shows refreshing while a refresh runs, but never hides a needed reconnect', () => {
    expect(displayStatusOf({ status: 'connected', refreshing: true })).toBe('refreshing');
    expect(displayStatusOf({ status: 'needs_reconnect', refreshing: true })).toBe('needs_reconnect');
  });
});
