// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../preload/contract/api-contract';
import { setApi } from '../../../renderer/src/api/current-api';
import { App } from '../../../renderer/src/app';
import { initialActivityState, useActivityStore } from '../../../renderer/src/stores/activity-store';
import { initialCompaniesState, useCompaniesStore } from '../../../renderer/src/stores/companies-store';
import { initialConnectState, useConnectStore } from '../../../renderer/src/stores/connect-store';
import { initialNavigationState, useNavigationStore } from '../../../renderer/src/stores/navigation-store';
import { initialNoticesState, useNoticesStore } from '../../../renderer/src/stores/notices-store';
import { initialSettingsState, useSettingsStore } from '../../../renderer/src/stores/settings-store';
import { company, FakeApi, manyCompanies } from '../support/fake-api';

const settings: SettingsView = {
  keychain: { backend: 'Secret Service (GNOME Keyring)', available: true, problem: null },
  dataFolder: '/home/amy/.config/Realmkeeper',
  entries: [{ key: 'sandbox.clientId', value: 'ABsandbox', source: 'config file', settable: true }],
  environments: [
    { environment: 'sandbox', enabled: true, secretStored: true, secretVariable: null, problems: [] },
    { environment: 'production', enabled: false, secretStored: false, secretVariable: null, problems: ['The production client id is missing.'] },
  ],
  demo: false,
};

function fakeWith(companies: ReturnType<typeof manyCompanies>): FakeApi {
  return new FakeApi()
    .answer('listCompanies', () => ({ ok: true, value: { companies, readAt: Date.now() } }))
    .answer('getSettings', () => ({ ok: true, value: settings }))
    .answer('listAttempts', () => ({ ok: true, value: { attempts: [] } }))
    .answer('listEvents', () => ({ ok: true, value: { events: [], nextCursor: null } }));
}

async function renderApp(fake: FakeApi): Promise<void> {
  setApi(fake.api());
  await act(async () => {
    render(<App api={fake.api()} />);
  });
}

beforeEach(() => {
  useCompaniesStore.setState(initialCompaniesState());
  useConnectStore.setState(initialConnectState());
  useSettingsStore.setState(initialSettingsState());
  useActivityStore.setState(initialActivityState());
  useNoticesStore.setState(initialNoticesState());
  useNavigationStore.setState(initialNavigationState());
  window.localStorage.clear();
});

afterEach(() => cleanup());

describe('the companies dashboard', () => {
  it('renders 300 companies, needing-attention first, and reports how long that took', async () => {
    const companies = manyCompanies(300);
    const fake = fakeWith(companies);
    setApi(fake.api());
    // Measure the dashboard's own render of a list already read.
    useCompaniesStore.setState({ load: 'ready', companies, readAt: Date.now() });
    useSettingsStore.setState({ load: 'ready', settings });
    const started = performance.now();
    await act(async () => {
      render(<App api={fake.api()} />);
    });
    const elapsed = performance.now() - started;
    const rows = screen.getAllByTestId('company-row');
    expect(rows).toHaveLength(300);
    // Reported, not asserted: speed belongs to `npm run bench`, and a loaded machine is slow.
    console.log(`[render] 300 companies: first render ${elapsed.toFixed(0)} ms (happy-dom)`);
    const first = rows[0];
    if (first === undefined) throw new Error('no rows');
    expect(within(first).getByText('Needs reconnect')).toBeTruthy();
    expect(within(first).getByRole('button', { name: 'Reconnect' })).toBeTruthy();
    expect(within(first).getByText('Disconnected in QuickBooks')).toBeTruthy();
    // The Why and the Fix once, in the cause's group, not on every row.
    expect(screen.getAllByText(/Someone disconnected Realmkeeper/)).toHaveLength(1);

    const searchStarted = performance.now();
    await act(async () => {
      fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'Client 299' } });
    });
    console.log(`[render] 300 companies: search re-render ${(performance.now() - searchStarted).toFixed(0)} ms`);
    expect(screen.getAllByTestId('company-row')).toHaveLength(1);
  });

  it('shows sandbox and production differently, how old each status is, and an expiry only when it nears', async () => {
    const now = Date.now();
    await renderApp(
      fakeWith([
        company({ id: 'p', name: 'Harbor Street Dental', environment: 'production' }, now),
        company({ id: 's', name: "Larry's Bakery", refreshExpiresAt: now + 10.5 * 86_400_000 }, now),
      ]),
    );
    expect(screen.getByText('Production').className).toContain('environment-production');
    expect(screen.getByText('Sandbox').className).toContain('environment-sandbox');
    expect(screen.getAllByText('checked 2 hours ago')).toHaveLength(2);
    const expiries = screen.getAllByTestId('expiry');
    expect(expiries.map((each) => each.textContent)).toEqual(['Expires in 10 days unless refreshed']);
    expect(expiries[0]?.className).toContain('expiry-red');
  });

  it('has an empty state that offers to connect', async () => {
    window.localStorage.setItem('realmkeeper.welcomed', 'yes');
    await renderApp(fakeWith([]));
    expect(screen.getByText('No companies yet')).toBeTruthy();
  });

  it('turns a needs_reconnect event into a banner, read from the list, that opens the company', async () => {
    const fake = fakeWith([company({ id: 'b', name: "Larry's Bakery" })]);
    await renderApp(fake);
    const broken = company({ id: 'b', name: "Larry's Bakery", status: 'needs_reconnect', cause: 'revoked', causeSummary: 'Someone disconnected Realmkeeper.' });
    fake.answer('listCompanies', () => ({ ok: true, value: { companies: [broken], readAt: Date.now() } }));
    await act(async () => {
      fake.emit({ kind: 'needs_reconnect', companyId: 'b', companyName: "Larry's Bakery", summary: 'Someone disconnected Realmkeeper.' });
    });
    const banner = await screen.findByTestId('broken-banner');
    expect(banner.textContent).toContain("Larry's Bakery needs reconnecting");
    await act(async () => {
      fireEvent.click(within(banner).getByRole('button', { name: 'Open company' }));
    });
    expect(useNavigationStore.getState().openCompanyId).toBe('b');
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeTruthy();
  });

  it('says what the app is doing from refresh_progress', async () => {
    const fake = fakeWith([company({ id: 'b', name: 'B' })]);
    await renderApp(fake);
    await act(async () => {
      fake.emit({ kind: 'refresh_progress', total: 12, done: 2 });
    });
    expect(screen.getByText('Refreshing 3 of 12…')).toBeTruthy();
  });
});

describe('company detail', () => {
  it('asks before disconnecting, saying what it does, and Escape closes it', async () => {
    await renderApp(fakeWith([company({ id: 'b', name: "Larry's Bakery" })]));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: "Larry's Bakery" }));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Disconnect…' }));
    });
    expect(screen.getByText(/Realmkeeper will tell Intuit to disconnect and forget this company's keys. Its QuickBooks data is not touched./)).toBeTruthy();
    await act(async () => {
      fireEvent.keyDown(screen.getByRole('button', { name: 'Keep it' }), { key: 'Escape' });
    });
    expect(useNavigationStore.getState().openCompanyId).toBeNull();
  });
});

describe('first run', () => {
  it('welcomes a demo run and says it is a demo', async () => {
    const fake = fakeWith([]).answer('getSettings', () => ({ ok: true, value: { ...settings, demo: true } }));
    await renderApp(fake);
    expect(screen.getByText('Welcome to Realmkeeper')).toBeTruthy();
    expect(screen.getByText(/simulated Intuit companies/)).toBeTruthy();
    expect(screen.getByText('Demo — simulated companies, starts empty each time')).toBeTruthy();
  });
});

describe('the keychain banner', () => {
  it('says at start that the keychain is not answering, and that nothing was lost', async () => {
    const locked: SettingsView = { ...settings, keychain: { backend: 'libsecret', available: false, problem: 'The system keychain is locked.' } };
    await renderApp(fakeWith([company({ id: 'c1', name: "Larry's Bakery" })]).answer('getSettings', () => ({ ok: true, value: locked })));
    const banner = await screen.findByText('The system keychain is not answering');
    expect(banner.closest('[role="alert"]')?.textContent).toMatch(/The system keychain is locked\..*Nothing has been lost/);
  });

  it('is absent while the keychain answers', async () => {
    await renderApp(fakeWith([company({ id: 'c1', name: "Larry's Bakery" })]));
    await screen.findAllByTestId('company-row');
    expect(screen.queryByText('The system keychain is not answering')).toBeNull();
  });
});
