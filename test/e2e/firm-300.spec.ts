import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { requireChromium } from './support/chromium-gate';
import { companyRow, E2eApp } from './support/e2e-app';
import { csvRecords } from './support/parse-csv';
import { clientName, seedConnectedCompanies, withSeedEngine } from './support/seed-companies';
import { keychainGate } from '../support/system-requirements';

/**
 * A firm's daily work with 300 real companies, connected through the engine's own flow against
 * the simulator: 7 disconnected in QuickBooks, 5 past a (shortened) five-year limit, 6 whose
 * five-year limit ends within two weeks, the rest healthy.
 */
requireChromium();
test.describe.configure({ mode: 'serial' });

const revoked = Array.from({ length: 7 }, (_, index) => clientName(10 + index));
const capped = Array.from({ length: 5 }, (_, index) => clientName(20 + index));
const expiring = Array.from({ length: 6 }, (_, index) => clientName(30 + index));
const healthy = Array.from({ length: 282 }, (_, index) => clientName(100 + index));
const day = 86_400_000;
const clockOffsetMs = 31_000;

let app: E2eApp;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  // Outside a keyring session these skip with the reason (and fail where CI requires the keychain).
  const gate = await keychainGate();
  test.skip(!gate.run, gate.reason);
  test.setTimeout(240_000);
  app = await E2eApp.start();
  const env = app.environment();
  const started = Date.now();
  // Intuit's five-year cap, shortened per connection at consent: 10 days for some, 30 seconds for others.
  await app.admin.updateSettings({ hardCapSeconds: 10 * 24 * 3600 });
  await seedConnectedCompanies({ env, admin: app.admin, names: expiring });
  await app.admin.updateSettings({ hardCapSeconds: 30 });
  await seedConnectedCompanies({ env, admin: app.admin, names: capped });
  await app.admin.updateSettings({ hardCapSeconds: 1826 * 24 * 3600 });
  await seedConnectedCompanies({ env, admin: app.admin, names: [...revoked, ...healthy] });
  const realms = new Map((await app.admin.companies('sandbox')).map((company) => [company.companyName, company.realmId]));
  for (const name of revoked) await app.admin.disconnect({ realmId: realms.get(name) ?? '' });
  // 31 seconds on (for the simulator, the engine and the app alike), the 30-second caps are over;
  // the engine finds out as the app would, at its next refresh of each.
  await app.admin.advanceClock(clockOffsetMs);
  await withSeedEngine(app.environment(clockOffsetMs), async (engine) => {
    for (const company of engine.companies()) {
      if (revoked.includes(company.name) || capped.includes(company.name)) await engine.refresh(company.id, { force: true });
    }
  });
  console.log(`[e2e seed] 300 companies connected and 12 broken for real in ${Date.now() - started} ms`);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  page = await context.newPage();
  await app.open(page, clockOffsetMs);
});

test.afterAll(async () => {
  await context?.close();
  await app?.close();
});

test('grouped by what fixes it: one Why/Fix and one Reconnect all per cause', async () => {
  await expect(page.getByTestId('company-row')).toHaveCount(300);
  const groups = page.getByTestId('cause-group');
  await expect(groups).toHaveCount(2);
  const disconnected = groups.filter({ hasText: '7 disconnected in QuickBooks' });
  await expect(disconnected.getByRole('button', { name: 'Reconnect all 7' })).toBeVisible();
  await expect(groups.filter({ hasText: /^5 / }).getByRole('button', { name: 'Reconnect all 5' })).toBeVisible();
  // The Why once for 7 companies, not on each of their rows.
  await expect(page.getByText(/disconnected Realmkeeper from this company in QuickBooks/)).toHaveCount(1);
  await expect(page.locator('.header-status')).toContainText('12 companies need reconnecting');
  await page.screenshot({ path: test.info().outputPath('firm-300-groups.png') });
});

test('the compact table: column headers, one line per company, urgent first', async () => {
  const table = page.getByRole('table', { name: 'Companies' });
  for (const header of ['Company', 'Status', 'Problem', 'Expires', 'Last check']) {
    await expect(table.getByRole('columnheader', { name: header })).toBeVisible();
  }
  await expect(table.getByTestId('company-row').first()).toContainText('Needs reconnect');
  await expect(companyRow(page, revoked[0] ?? '')).toContainText('Disconnected in QuickBooks');
  const rowHeight = await table.getByTestId('company-row').nth(20).evaluate((row) => row.getBoundingClientRect().height);
  expect(rowHeight).toBeLessThan(48);
});

test('expiry warnings: red under 14 days on the six, none on healthy or broken rows, and they count as needing attention', async () => {
  const expiries = page.getByTestId('expiry');
  await expect(expiries).toHaveCount(6);
  for (const name of expiring) {
    await expect(companyRow(page, name).getByTestId('expiry')).toHaveText(/^(Intuit's 5-year limit ends it|Expires) in (9|10) days/);
    await expect(companyRow(page, name).getByTestId('expiry')).toHaveClass(/expiry-red/);
  }
  await page.getByLabel('Show').selectOption('attention');
  await expect(page.getByTestId('company-row')).toHaveCount(18);
  await page.getByLabel('Show').selectOption('all');
});

test('export: the CSV holds every company with status, cause, fix, horizons and last check', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^realmkeeper-companies-\d{4}-\d\d-\d\d\.csv$/);
  const records = csvRecords(readFileSync(await download.path(), 'utf8'));
  expect(records).toHaveLength(300);
  const byName = new Map(records.map((record) => [record['company'], record]));
  for (const name of revoked) {
    expect(byName.get(name)).toMatchObject({ status: 'Needs reconnect', status_code: 'needs_reconnect', cause: 'Disconnected in QuickBooks', cause_code: 'revoked', last_check_failed: 'yes' });
    expect(byName.get(name)?.['fix']).toMatch(/Reconnect/);
  }
  for (const name of expiring) expect(byName.get(name)?.['expiry_horizon']).toMatch(/in (9|10) days/);
  const healthyRecord = byName.get(healthy[0] ?? '');
  expect(healthyRecord).toMatchObject({ status_code: 'connected', cause_code: '', expiry_horizon: '', last_check_failed: 'no' });
  expect(Date.parse(healthyRecord?.['five_year_limit_at'] ?? '') - Date.now()).toBeGreaterThan(1_800 * day);
  expect(Date.now() - Date.parse(healthyRecord?.['last_check_at'] ?? '')).toBeLessThan(10 * 60_000);
});

test('printing gives a to-do list, not the page', async () => {
  await page.emulateMedia({ media: 'print' });
  const todo = page.getByTestId('print-todo');
  await expect(todo).toBeVisible();
  await expect(page.getByRole('table', { name: 'Companies' })).toBeHidden();
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(todo.locator('li').filter({ hasText: /^☐ Reconnect / })).toHaveCount(12);
  await expect(todo.locator('li').filter({ hasText: /in (9|10) days/ })).toHaveCount(6);
  await expect(todo).toContainText('7 disconnected in QuickBooks');
  await page.screenshot({ path: test.info().outputPath('firm-300-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

test("who can fix it: the client's admin, and a reconnect request copied in plain words; both it and the shell's address survive a restart", async () => {
  const name = revoked[0] ?? '';
  await page.getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  const who = dialog.getByTestId('who-can-fix');
  await who.getByRole('button', { name: /Name the client's admin/ }).click();
  await who.getByLabel("Client's QuickBooks admin").fill('Dana Ortiz');
  await who.getByLabel('Email').fill('dana@client.example');
  await who.getByRole('button', { name: 'Save' }).click();
  await expect(who).toContainText("Dana Ortiz (dana@client.example), the client's QuickBooks admin.");
  await who.getByRole('button', { name: 'Copy the reconnect request' }).click();
  await expect(who.getByRole('status')).toHaveText('Copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^Hello Dana Ortiz,/);
  expect(copied).toContain(`choose "${name}"`);
  expect(copied).toContain('click Connect');
  expect(copied).not.toMatch(/invalid_grant|needs_reconnect/);
  await expect(dialog.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(dialog.getByTestId('history-line').first()).toContainText('Disconnected in QuickBooks');
  await expect(dialog.getByTestId('history-line').filter({ hasText: /^.*Connected — Connected/ })).toHaveCount(1);
  await page.keyboard.press('Escape');
  // Kept across a restart of the app, and so is the browser shell's token (in the keychain).
  const tokenBefore = new URL(app.shell?.url ?? '').hash;
  await app.open(page, clockOffsetMs);
  expect(new URL(app.shell?.url ?? '').hash).toBe(tokenBefore);
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('dialog').getByTestId('who-can-fix')).toContainText('Dana Ortiz');
});
