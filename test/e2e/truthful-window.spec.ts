import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { requireChromium } from './support/chromium-gate';
import { consentInNewTab } from './support/consent';
import { companyRow, E2eApp } from './support/e2e-app';
import { clientName, seedConnectedCompanies } from './support/seed-companies';
import { WebShell } from './support/web-shell';
import { keychainGate } from '../support/system-requirements';

/**
 * The window must never mislead (issue 12): fifteen real companies, connected through the
 * engine's own flow, all broken by 101 days of disuse; each test is one thing the window once
 * got wrong, in the order a bookkeeper meets them.
 */
requireChromium();
test.describe.configure({ mode: 'serial' });

const day = 86_400_000;
const defaults = ["Larry's Bakery", "Amy's Bird Sanctuary", 'Sandbox Company_US_1'];
const names = [...defaults, ...Array.from({ length: 12 }, (_, index) => clientName(index + 1))];
/** On Intuit's page but never connected: chosen by mistake during Reconnect all. */
const strayCompany = 'Walk-in Florist';

/** The batch's line for one company (its name starts the line; a note may name another). */
function batchLine(dialog: Locator, name: string): Locator {
  return dialog.locator('.batch-list li').filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} —`) });
}

let app: E2eApp;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  // Outside a keyring session these skip with the reason (and fail where CI requires the keychain).
  const gate = await keychainGate();
  test.skip(!gate.run, gate.reason);
  app = await E2eApp.start();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await app?.close();
});

test('a company backing off is shown Retrying (the set-up for a stale Retrying)', async () => {
  test.setTimeout(90_000);
  await seedConnectedCompanies({ env: app.environment(), admin: app.admin, names });
  await app.admin.addCompany({ environment: 'sandbox', companyName: strayCompany });
  await app.open(page);
  await expect(page.getByTestId('company-row')).toHaveCount(15);
  await app.admin.setFaults({ failNext: { target: 'token', count: 10, status: 503 } });
  await page.getByRole('button', { name: "Larry's Bakery", exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('dialog').getByText('Retrying').first()).toBeVisible({ timeout: 30_000 });
  await app.admin.clearFaults();
  await page.keyboard.press('Escape');
  await expect(companyRow(page, "Larry's Bakery").getByText('Retrying')).toBeVisible();
});

test('15 broken companies: the banner and the header count 15, and "checked" is the failed check, not the last success', async () => {
  test.setTimeout(90_000);
  await app.shell?.stop();
  await app.admin.advanceClock(101 * day);
  await app.open(page, 101 * day);
  const rows = page.getByTestId('company-row');
  await expect(rows.getByText('Needs reconnect')).toHaveCount(15, { timeout: 60_000 });
  await expect(page.locator('.notices [role="alert"]').filter({ hasText: '15 companies need reconnecting' })).toHaveCount(1);
  await expect(page.locator('.header-status')).toContainText('15 companies need reconnecting');
  await expect(page.locator('.header-status')).not.toContainText('Keeping your connections alive');
  // The check that found them broken was just now; the last success was 101 days ago.
  await expect(rows.getByText(/^checked (just now|\d+ minutes? ago)$/)).toHaveCount(15);
});

test('plain words: one failure is one history line, and no code shows in the window outside the details line', async () => {
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: clientName(1), exact: true }).click();
  const lines = dialog.getByTestId('history-line');
  await expect(lines.filter({ hasText: 'Unused for 100 days' })).toHaveCount(1);
  await expect(lines.filter({ hasText: 'Intuit refused' })).toHaveCount(0);
  for (const code of ['needs_reconnect', 'invalid_grant', 'HTTP 400', 'intuit_tid', 'rejected', 'token_unavailable']) {
    await expect(dialog).not.toContainText(code, { useInnerText: true });
  }
  await lines.filter({ hasText: 'Unused for 100 days' }).getByText('Details for support').click();
  await expect(lines.filter({ hasText: 'Unused for 100 days' })).toContainText('invalid_grant HTTP 400', { useInnerText: true });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Lost connections/ })).toBeVisible();
  for (const code of ['needs_reconnect', 'invalid_grant', 'intuit_tid', 'rejected']) {
    await expect(page.locator('main')).not.toContainText(code, { useInnerText: true });
  }
  await page.getByRole('button', { name: 'Companies', exact: true }).click();
});

test('a reconnect clears the stale Retrying and says checked just now; "connected again" does not push the red banner out', async () => {
  test.setTimeout(60_000);
  const larry = companyRow(page, "Larry's Bakery");
  const tab = await consentInNewTab(context, () => larry.getByRole('button', { name: 'Reconnect' }).click(), "Larry's Bakery", app.simulator.url);
  await tab.close();
  await expect(page.getByRole('dialog').getByRole('heading', { name: "Larry's Bakery is connected again" })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await expect(larry.locator('.badge.status')).toHaveText(/Connected/);
  await expect(larry.getByText('Retrying')).toHaveCount(0);
  await expect(larry.getByText(/^checked (just now|\d+ minutes? ago)$/)).toBeVisible();
  await expect(page.locator('.notices .notice').first()).toContainText('14 companies need reconnecting');
  await expect(page.locator('.header-status')).toContainText('14 companies need reconnecting');
});

test('"Lost connections in the last 30 days" counts each company once', async () => {
  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Lost connections in the last 30 days/ })).toHaveText('Lost connections in the last 30 days: 15');
  await page.getByRole('button', { name: 'Companies', exact: true }).click();
});

test('Reconnect all: another company chosen is not a success, a company already listed is not offered as new, skip and stop are true, one Done', async () => {
  test.setTimeout(120_000);
  const dialog = page.getByRole('dialog');
  const [first] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Reconnect all 14' }).click()]);
  const order = (await dialog.locator('.batch-list li').allTextContents()).map((line) => line.replace(/ — .*$/, ''));
  expect(order).toHaveLength(14);
  const [target, second, third, , , , , , , , , , , last] = order;
  if (target === undefined || second === undefined || third === undefined || last === undefined) throw new Error('fewer than 14 targets');

  // 1. On Intuit's page the bookkeeper picks a company that is not in the list, then adds it.
  await first.waitForURL((url) => url.href.startsWith(app.simulator.url));
  await first.getByLabel(strayCompany).check();
  await first.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByRole('heading', { name: 'A different company came back' })).toBeVisible();
  const nextTab = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Add it as a new company' }).click();
  const targetLine = batchLine(dialog, target);
  await expect(targetLine).toContainText('not reconnected');
  await expect(targetLine).toContainText(`${strayCompany} came back instead`);
  await expect(dialog.locator('.batch-count')).toContainText('0 of 14 reconnected');

  // 2. Then a company already in the list (the batch's last): renewed, never "added as new".
  const secondTab = await nextTab;
  await secondTab.waitForURL((url) => url.href.startsWith(app.simulator.url));
  await secondTab.getByLabel(last).check();
  await secondTab.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByText('which is already in your list')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Add it as a new company' })).toHaveCount(0);
  const thirdTab = context.waitForEvent('page');
  await dialog.getByRole('button', { name: `Renew ${last}` }).click();
  await expect(batchLine(dialog, second)).toContainText('not reconnected');
  await expect(batchLine(dialog, last)).toContainText('— reconnected');
  await expect(dialog.locator('.batch-count')).toContainText('1 of 14 reconnected');

  // 3. Skip this one; 4. stop the rest.
  await thirdTab;
  await expect(dialog.getByText(`now: ${third}`)).toBeVisible();
  const fourthTab = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Skip this one' }).click();
  await expect(batchLine(dialog, third)).toContainText('skipped');
  await fourthTab;
  await dialog.getByRole('button', { name: 'Stop reconnecting' }).click();
  await expect(dialog.locator('.batch-count')).toContainText('1 of 14 reconnected · 2 not reconnected · 2 skipped · 9 not tried');
  await expect(dialog.getByText('Nothing was stored')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Done' })).toHaveCount(1);
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(companyRow(page, target).getByText('Needs reconnect')).toBeVisible();
  await expect(companyRow(page, last).locator('.badge.status')).toHaveText(/Connected/);
  await expect(companyRow(page, strayCompany).locator('.badge.status')).toHaveText(/Connected/);
  await expect(page.locator('.header-status')).toContainText('13 companies need reconnecting');
});

test('the keychain not answering: the header says so, not "Keeping your connections alive"', async () => {
  await app.open(page, 101 * day, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/realmkeeper-e2e-bus' });
  await expect(page.locator('.header-status')).toContainText('The system keychain is not answering');
  await expect(page.locator('.header-status')).not.toContainText('Keeping your connections alive');
});

test('the demo says it starts empty, and does not pretend to keep Intuit keys or that the bookkeeper set a variable', async () => {
  await app.shell?.stop();
  const demoHome = mkdtempSync(join(tmpdir(), 'realmkeeper-demo-'));
  const demo = await WebShell.start({ REALMKEEPER_HOME: demoHome, REALMKEEPER_WEB_PORT: '0' });
  try {
    await page.goto(demo.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(page.getByText('System keychain', { exact: true })).toBeVisible();
    await expect(page.getByText(/Set by: environment variable/)).toHaveCount(0);
    await expect(page.getByLabel('Client secret')).toHaveCount(0);
    await expect(page.getByText('Demo — simulated companies, starts empty each time')).toBeVisible();
    await expect(page.getByTestId('demo-keys')).toContainText('cannot keep your Intuit keys');
    await expect(page.getByTestId('demo-keys')).toContainText('realmkeeper config set sandbox.clientId');
  } finally {
    await demo.stop();
    rmSync(demoHome, { recursive: true, force: true });
  }
});
