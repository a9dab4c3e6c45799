import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createKeytarSecretStore } from '../../main/core/keychain/keytar-secret-store';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index';
import { freeLoopbackPort } from '../support/engine-harness';
import { SimulatorAdmin } from '../support/simulator-admin';
import { simulatorEnvironment } from '../support/simulator-environment';
import { removeAllSecrets, uniqueKeychainService, keychainGate } from '../support/system-requirements';
import { requireChromium } from './support/chromium-gate';
import { consentInNewTab, expectConnected } from './support/consent';
import { WebShell } from './support/web-shell';

requireChromium();
test.describe.configure({ mode: 'serial' });

const day = 86_400_000;

let simulator: RunningSimulator;
let admin: SimulatorAdmin;
let home: string;
let keychainService: string;
let redirectUri: string;
let shell: WebShell | undefined;
let context: BrowserContext;
let page: Page;

function environment(clockOffsetMs = 0): Record<string, string> {
  return {
    REALMKEEPER_HOME: home,
    REALMKEEPER_KEYCHAIN_SERVICE: keychainService,
    ...simulatorEnvironment(simulator, { sandbox: redirectUri }),
    REALMKEEPER_WEB_PORT: '0',
    REALMKEEPER_CLOCK_OFFSET_MS: String(clockOffsetMs),
  };
}

async function openShell(clockOffsetMs = 0): Promise<void> {
  shell = await WebShell.start(environment(clockOffsetMs));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { name: 'Realmkeeper', level: 1 })).toBeVisible();
}

function row(name: string) {
  return page.getByTestId('company-row').filter({ has: page.getByRole('button', { name, exact: true }) });
}

async function connectCompany(name: string): Promise<Page> {
  await page.getByRole('button', { name: '+ Connect a company' }).click();
  const dialog = page.getByRole('dialog');
  const start = dialog.getByRole('button', { name: /Sandbox company|Open Intuit sign-in/ });
  const tab = await consentInNewTab(context, () => start.click(), name, simulator.url);
  await expectConnected(page, name);
  return tab;
}

test.beforeAll(async ({ browser }) => {
  // Outside a keyring session these skip with the reason (and fail where CI requires the keychain).
  const gate = await keychainGate();
  test.skip(!gate.run, gate.reason);
  redirectUri = `http://localhost:${await freeLoopbackPort()}/callback`;
  simulator = await startSimulator({ clients: { sandbox: { redirectUris: [redirectUri] } } });
  admin = new SimulatorAdmin(simulator.url);
  home = mkdtempSync(join(tmpdir(), 'realmkeeper-e2e-'));
  keychainService = uniqueKeychainService('e2e');
  context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  page = await context.newPage();
});

test.afterAll(async () => {
  await shell?.stop();
  await context?.close();
  await simulator?.close();
  await removeAllSecrets(createKeytarSecretStore({ service: keychainService })).catch(() => undefined);
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

test('an empty dashboard and the settings a bookkeeper sees first', async () => {
  const testInfo = test.info();
  await openShell();
  await expect(page.getByText('No companies yet')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dashboard-empty.png') });
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText('System keychain', { exact: true })).toBeVisible();
  await expect(page.getByText(/Set by: environment variable REALMKEEPER_SANDBOX_CLIENT_SECRET/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('settings.png'), fullPage: true });
  await page.getByRole('button', { name: 'Companies' }).click();
});

test('three companies connected through the real consent page; reloading the result tab exchanges nothing again', async () => {
  const testInfo = test.info();
  test.setTimeout(120_000);
  await page.getByRole('button', { name: '+ Connect a company' }).click();
  await page.screenshot({ path: testInfo.outputPath('connect-choose.png') });
  const dialog = page.getByRole('dialog');
  const start = dialog.getByRole('button', { name: /Sandbox company|Open Intuit sign-in/ });
  const [tab] = await Promise.all([context.waitForEvent('page'), start.click()]);
  await expect(dialog.getByRole('heading', { name: 'Finish in your browser' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('connect-waiting.png') });
  await tab.waitForURL((url) => url.href.startsWith(simulator.url));
  await tab.getByLabel("Larry's Bakery").check();
  await tab.getByRole('button', { name: 'Connect' }).click();
  await tab.waitForURL((url) => !url.href.startsWith(simulator.url));
  await expectConnected(page, "Larry's Bakery");
  await page.screenshot({ path: testInfo.outputPath('connect-done.png') });

  const exchangesBefore = (await admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code').length;
  await tab.reload();
  await tab.waitForLoadState('load');
  await tab.reload();
  await tab.waitForLoadState('load');
  const exchangesAfter = (await admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code').length;
  expect(exchangesAfter).toBe(exchangesBefore);
  expect(exchangesAfter).toBe(1);
  await tab.close();
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

  for (const name of ["Amy's Bird Sanctuary", 'Sandbox Company_US_1']) {
    const other = await connectCompany(name);
    await other.close();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  }
  await expect(page.getByTestId('company-row')).toHaveCount(3);
  await expect(page.getByTestId('company-row').getByText('Connected')).toHaveCount(3);
  await expect(page.getByTestId('company-row').getByText(/checked (just now|1 minute ago)/)).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('dashboard-3-companies.png') });
});

test('a company disconnected in QuickBooks turns to Needs reconnect with the cause and a banner, then reconnects', async () => {
  const testInfo = test.info();
  test.setTimeout(120_000);
  const realmId = (await admin.companies('sandbox')).find((company) => company.companyName === "Larry's Bakery")?.realmId;
  if (realmId === undefined) throw new Error("no Larry's Bakery in the simulator");
  await admin.disconnect({ realmId });

  await page.getByRole('button', { name: "Larry's Bakery", exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('dialog').getByText('Needs reconnect').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const broken = row("Larry's Bakery");
  await expect(broken.getByText('Needs reconnect')).toBeVisible();
  await expect(broken.getByText(/Disconnected in QuickBooks/)).toBeVisible();
  const group = page.getByTestId('cause-group');
  await expect(group).toHaveCount(1);
  await expect(group).toContainText('1 disconnected in QuickBooks');
  await expect(group).toContainText(/disconnected Realmkeeper from this company in QuickBooks/);
  await expect(page.getByTestId('broken-banner')).toContainText("Larry's Bakery needs reconnecting");
  await expect(page.getByTestId('company-row').first()).toContainText("Larry's Bakery");
  await page.screenshot({ path: testInfo.outputPath('dashboard-one-broken.png') });

  const tab = await consentInNewTab(context, () => broken.getByRole('button', { name: 'Reconnect' }).click(), "Larry's Bakery", simulator.url);
  await expect(page.getByRole('dialog').getByRole('heading', { name: "Larry's Bakery is connected again" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('reconnect-done.png') });
  await tab.close();
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await expect(row("Larry's Bakery").getByText('Connected')).toBeVisible();
});

test('101 days with the app stopped: the next start shows the inactivity cause', async () => {
  const testInfo = test.info();
  test.setTimeout(120_000);
  await shell?.stop();
  await admin.advanceClock(101 * day);
  await openShell(101 * day);
  const rows = page.getByTestId('company-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.getByText('Needs reconnect')).toHaveCount(3, { timeout: 40_000 });
  await expect(rows.getByText(/Unused for 100 days/)).toHaveCount(3);
  await expect(page.getByTestId('cause-group')).toHaveCount(1);
  await expect(page.getByTestId('cause-group')).toContainText('3 unused for 100 days');
  await expect(page.getByTestId('cause-group')).toContainText(/went unused for about 100 days/);
  await page.screenshot({ path: testInfo.outputPath('dashboard-after-101-days.png') });
  await expect(page.getByRole('button', { name: 'Reconnect all 3' })).toBeVisible();
});

test('300 companies render quickly and readably', async () => {
  const testInfo = test.info();
  const now = await page.evaluate(() => Date.now());
  const companies = Array.from({ length: 300 }, (_, index) => ({
    id: `c${index}`,
    name: `Client ${String(index).padStart(3, '0')} ${['Bakery', 'Dental LLC', 'Landscaping Inc.', 'Taqueria', 'Books & Co'][index % 5]}`,
    realmId: String(9_341_452_148_659_000 + index),
    environment: index % 3 === 0 ? 'production' : 'sandbox',
    status: index % 60 === 7 ? 'needs_reconnect' : index % 45 === 3 ? 'retrying' : 'connected',
    cause: index % 60 === 7 ? 'revoked' : null,
    causeSummary: index % 60 === 7 ? 'Someone disconnected Realmkeeper from this company in QuickBooks, or the connection was revoked.' : null,
    fix: index % 60 === 7 ? 'Reconnect the company, signing in with a user who may connect apps to it.' : null,
    retryReason: index % 45 === 3 ? 'outage' : null,
    retryAt: index % 45 === 3 ? now + 10 * 60_000 : null,
    lastRefreshAt: now - (index % 20) * 3_600_000,
    lastCheckedAt: now - (index % 20) * 3_600_000,
    accessExpiresAt: now + 3_600_000,
    refreshExpiresAt: now + ((index % 90) + 10) * day,
    refreshHardExpiresAt: now + 1_500 * day,
    refreshing: index === 11,
  }));
  await page.route('**/api/companies:list', (route) => route.fulfill({ json: { ok: true, value: { companies, readAt: now } } }));
  await page.reload();
  const started = Date.now();
  await expect(page.getByTestId('company-row')).toHaveCount(300);
  const visibleAfter = Date.now() - started;
  const searchMs = await page.evaluate(async () => {
    const input = document.querySelector('input[type="search"]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no search box');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    const begin = performance.now();
    setter?.call(input, 'Client 2');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const filtered = performance.now() - begin;
    setter?.call(input, '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return filtered;
  });
  testInfo.annotations.push({ type: 'render', description: `300 companies visible ${visibleAfter} ms after reload; search re-render ${searchMs.toFixed(0)} ms` });
  console.log(`[e2e render] 300 companies visible ${visibleAfter} ms after reload (incl. page load); search re-render ${searchMs.toFixed(0)} ms`);
  await expect(page.getByTestId('company-row').first()).toContainText('Needs reconnect');
  await page.screenshot({ path: testInfo.outputPath('dashboard-300-companies.png') });
  expect(searchMs).toBeLessThan(1_000);
  await page.unroute('**/api/companies:list');
});

test('5,000 companies: only the rows in view are in the page, scrolling draws the right ones, search finds any', async () => {
  const now = await page.evaluate(() => Date.now());
  const companies = Array.from({ length: 5_000 }, (_, index) => ({
    id: `c${index}`,
    name: `Client ${String(index).padStart(4, '0')} Bookkeeping`,
    realmId: String(9_341_452_148_600_000 + index),
    environment: 'sandbox',
    status: 'connected',
    cause: null,
    causeSummary: null,
    fix: null,
    retryReason: null,
    retryAt: null,
    lastRefreshAt: now - 3_600_000,
    lastCheckedAt: now - 3_600_000,
    lastSuccessAt: now - 3_600_000,
    lastFailureAt: null,
    accessExpiresAt: now + 3_600_000,
    refreshExpiresAt: now + 90 * day,
    refreshHardExpiresAt: now + 1_500 * day,
    refreshing: false,
    fixer: null,
  }));
  await page.route('**/api/companies:list', (route) => route.fulfill({ json: { ok: true, value: { companies, readAt: now } } }));
  await page.reload();
  const table = page.getByRole('table', { name: 'Companies' });
  await expect(table).toHaveAttribute('aria-rowcount', '5001');
  await expect(page.getByText('5000 companies', { exact: true })).toBeVisible();
  const drawn = await page.getByTestId('company-row').count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(100);
  // Sorted by name with nothing needing attention: row 3,000 (aria-rowindex 3,002) is Client 3000.
  const box = page.getByTestId('company-table-scroll');
  const rowHeight = await page.getByTestId('company-row').first().evaluate((row) => row.getBoundingClientRect().height);
  await box.evaluate((element, top) => element.scrollTo({ top }), 3_000 * rowHeight);
  const row3000 = row('Client 3000 Bookkeeping');
  await expect(row3000).toBeInViewport();
  await expect(row3000).toHaveAttribute('aria-rowindex', '3002');
  await expect(row('Client 0000 Bookkeeping')).toHaveCount(0);
  // The scroll bar is the whole list's: the bottom shows the last company.
  await box.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  const last = row('Client 4999 Bookkeeping');
  await expect(last).toHaveAttribute('aria-rowindex', '5001');
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('dashboard-5000-companies.png') });
  await box.evaluate((element) => element.scrollTo({ top: 0 }));
  await page.getByRole('searchbox').fill('Client 4321');
  await expect(page.getByTestId('company-row')).toHaveCount(1);
  await expect(row('Client 4321 Bookkeeping')).toBeVisible();
  await page.getByRole('searchbox').fill('');
  await page.unroute('**/api/companies:list');
});
