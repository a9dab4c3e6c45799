// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompanySummary, SettingsView } from '../../../preload/contract/api-contract';
import { setApi } from '../../../renderer/src/api/current-api';
import { App } from '../../../renderer/src/app';
import { CompanyTable, wholeListLimit } from '../../../renderer/src/components/company-table';
import { assumedRowHeightPx, rowRange } from '../../../renderer/src/components/use-row-window';
import { initialCompaniesState, useCompaniesStore } from '../../../renderer/src/stores/companies-store';
import { routeEvent } from '../../../renderer/src/stores/event-router';
import { initialSettingsState, useSettingsStore } from '../../../renderer/src/stores/settings-store';
import { company, FakeApi, manyCompanies } from '../support/fake-api';

const settings: SettingsView = {
  keychain: { backend: 'Secret Service (GNOME Keyring)', available: true, problem: null },
  dataFolder: '/home/amy/.config/Realmkeeper',
  entries: [],
  environments: [
    { environment: 'sandbox', enabled: true, secretStored: true, secretVariable: null, problems: [] },
    { environment: 'production', enabled: false, secretStored: false, secretVariable: null, problems: [] },
  ],
  demo: false,
};

function drawnNames(): string[] {
  return screen.getAllByTestId('company-row').map((row) => within(row).getAllByRole('button')[0]?.textContent ?? '');
}

function scrollTo(scrollTop: number): void {
  const box = screen.getByTestId('company-table-scroll');
  act(() => {
    fireEvent.scroll(box, { target: { scrollTop } });
  });
}

beforeEach(() => {
  useCompaniesStore.setState(initialCompaniesState());
  useSettingsStore.setState(initialSettingsState());
  window.localStorage.clear();
});

afterEach(() => cleanup());

describe('the windowed company table', () => {
  it('with 5,000 companies draws only a window of rows, says how many there are, and scrolling draws the right ones', () => {
    const companies = manyCompanies(5_000);
    render(<CompanyTable companies={companies} now={Date.now()} />);
    const table = screen.getByRole('table', { name: 'Companies' });
    // The list's size comes from the companies, not from the rows drawn.
    expect(table.getAttribute('aria-rowcount')).toBe('5001');
    const rows = screen.getAllByTestId('company-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(80);
    expect(drawnNames()[0]).toBe(companies[0]?.name);
    expect(rows[0]?.getAttribute('aria-rowindex')).toBe('2');

    // Row 3,000 at the top of the box: it is drawn with its index, the first rows are gone.
    scrollTo(3_000 * assumedRowHeightPx);
    const scrolled = screen.getAllByTestId('company-row');
    expect(scrolled.length).toBeLessThan(80);
    const row3000 = scrolled.find((row) => row.getAttribute('data-company-id') === companies[3_000]?.id);
    expect(row3000?.getAttribute('aria-rowindex')).toBe('3002');
    expect(drawnNames()).not.toContain(companies[0]?.name);
    // Drawn rows are consecutive companies, in the list's order.
    const first = Number(scrolled[0]?.getAttribute('aria-rowindex')) - 2;
    expect(drawnNames()).toEqual(companies.slice(first, first + scrolled.length).map((each) => each.name));

    // The end of the list: its last company is drawn, and nothing past it.
    scrollTo(5_000 * assumedRowHeightPx);
    expect(drawnNames().at(-1)).toBe(companies[4_999]?.name);
    expect(screen.getAllByTestId('company-row').at(-1)?.getAttribute('aria-rowindex')).toBe('5001');
  });

  it(`draws every row up to ${wholeListLimit} companies`, () => {
    render(<CompanyTable companies={manyCompanies(wholeListLimit)} now={Date.now()} />);
    expect(screen.getAllByTestId('company-row')).toHaveLength(wholeListLimit);
  });

  it('keeps the window inside the list however far it is scrolled', () => {
    expect(rowRange(5_000, 0, 720, 36)).toEqual({ start: 0, end: 31 });
    expect(rowRange(5_000, 36 * 1_000, 720, 36)).toEqual({ start: 990, end: 1_031 });
    expect(rowRange(5_000, 36 * 10_000, 720, 36)).toEqual({ start: 4_969, end: 5_000 });
    expect(rowRange(30, 36 * 10, 720, 36)).toEqual({ start: 0, end: 30 });
  });
});

describe('the dashboard with 5,000 companies', () => {
  it('finds a company far down by search, and counts come from the companies, not the rows drawn', async () => {
    const companies = manyCompanies(5_000);
    const fake = new FakeApi()
      .answer('listCompanies', () => ({ ok: true, value: { companies, readAt: Date.now() } }))
      .answer('getSettings', () => ({ ok: true, value: settings }))
      .answer('listAttempts', () => ({ ok: true, value: { attempts: [] } }))
      .answer('listEvents', () => ({ ok: true, value: { events: [], nextCursor: null } }));
    setApi(fake.api());
    useCompaniesStore.setState({ load: 'ready', companies, readAt: Date.now() });
    useSettingsStore.setState({ load: 'ready', settings });
    await act(async () => {
      render(<App api={fake.api()} />);
    });
    expect(screen.getByText('5000 companies')).toBeTruthy();
    expect(screen.getAllByTestId('company-row').length).toBeLessThan(80);
    expect(screen.getByRole('button', { name: 'Cards' }).hasAttribute('disabled')).toBe(true);
    const far = companies[4_321];
    if (far === undefined) throw new Error('no company 4321');
    expect(screen.queryByRole('button', { name: far.name })).toBeNull();
    await act(async () => {
      fireEvent.change(screen.getByRole('searchbox'), { target: { value: far.name } });
    });
    expect(drawnNames()).toEqual([far.name]);
  });

  it('a company_changed event patches that one row without re-reading the list', async () => {
    const now = Date.now();
    const companies = manyCompanies(5_000, now);
    let reads = 0;
    const fake = new FakeApi()
      .answer('listCompanies', () => {
        reads += 1;
        return { ok: true, value: { companies, readAt: now } };
      })
      .answer('getSettings', () => ({ ok: true, value: settings }))
      .answer('listAttempts', () => ({ ok: true, value: { attempts: [] } }))
      .answer('listEvents', () => ({ ok: true, value: { events: [], nextCursor: null } }));
    setApi(fake.api());
    useCompaniesStore.setState({ load: 'ready', companies, readAt: now });
    useSettingsStore.setState({ load: 'ready', settings });
    await act(async () => {
      render(<App api={fake.api()} />);
    });
    const readsBefore = reads;
    const untouched = useCompaniesStore.getState().companies[1];
    const target = companies[2];
    if (target === undefined) throw new Error('no company 2');
    const broken: CompanySummary = company({ id: target.id, name: target.name, status: 'needs_reconnect', cause: 'revoked', causeSummary: 'Someone disconnected Realmkeeper.', fix: 'Reconnect.' }, now);
    const host = { focus: () => undefined };
    await act(async () => {
      routeEvent({ kind: 'company_changed', company: broken }, host);
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    const state = useCompaniesStore.getState();
    expect(state.companies).toHaveLength(5_000);
    expect(state.companies.find((each) => each.id === target.id)?.status).toBe('needs_reconnect');
    // Every other company keeps its object, so its memoized row is not drawn again.
    expect(state.companies[1]).toBe(untouched);
    expect(reads).toBe(readsBefore);
    // Needing attention first: the patched company is now near the top, drawn as broken.
    const row = screen.getAllByTestId('company-row').find((each) => each.getAttribute('data-company-id') === target.id);
    expect(row?.textContent).toContain('Needs reconnect');
  });
});
