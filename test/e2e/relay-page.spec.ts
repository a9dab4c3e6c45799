import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { requireChromium } from './support/chromium-gate';

requireChromium();

/** The https relay page production apps register; here served over loopback to a real Chromium. */
const relayPage = readFileSync(resolve(import.meta.dirname, '../../build/relay-page/index.html'));
let server: Server;
let origin: string;
const realmId = '9341452148659287';
const code = 'AB11795453283Gu73pvpi4eFFYUobTMwLnemcUTyJTVsMKcDv8';

test.beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(relayPage);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

const problemsByTab = new WeakMap<Page, string[]>();

/** Every page error, CSP refusal or dialog a tab has seen. */
function problemsOf(tab: Page): string[] {
  const known = problemsByTab.get(tab);
  if (known !== undefined) return known;
  const problems: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('realmkeeper://')) problems.push(message.text());
  });
  tab.on('pageerror', (error) => problems.push(error.message));
  tab.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  problemsByTab.set(tab, problems);
  return problems;
}

/** Opens the page with a query; the test fails on any page error, CSP refusal or dialog. */
async function visit(tab: Page, query: string): Promise<void> {
  const problems = problemsOf(tab);
  // 'commit': a page that hands on to realmkeeper:// never reaches 'load' in a browser without the app.
  await tab.goto(`${origin}/realmkeeper/${query}`, { waitUntil: 'commit' });
  await tab.locator('#title').waitFor({ state: 'attached' });
  // Every path ends by replacing the history entry: the address bar has no query left.
  await expect.poll(() => tab.url()).toBe(`${origin}/realmkeeper/`);
  expect(problems).toEqual([]);
}

async function expectHandedOn(tab: Page, url: string): Promise<void> {
  await expect(tab.locator('#open')).toHaveAttribute('href', url);
  await expect(tab.locator('#open')).toBeVisible();
}

async function expectRefused(tab: Page): Promise<void> {
  await expect(tab.getByRole('heading', { name: 'This link is not one Realmkeeper understands' })).toBeVisible();
  await expect(tab.locator('#open')).toBeHidden();
  await expect(tab.locator('#open')).toHaveAttribute('href', 'realmkeeper://open');
}

test.describe('as the redirect URI', () => {
  test('hands Intuit\'s answer to the app, parameters checked and in a fixed order', async ({ page: tab }) => {
    await visit(tab, `?state=s1-_.~&realmId=${realmId}&code=${code}&utm_source=mail`);
    await expectHandedOn(tab, `realmkeeper://oauth/callback?code=${code}&state=s1-_.~&realmId=${realmId}`);
  });

  test('hands an error on, and says in plain words that nothing was connected', async ({ page: tab }) => {
    await visit(tab, '?error=access_denied&state=s1');
    await expectHandedOn(tab, 'realmkeeper://oauth/callback?state=s1&error=access_denied');
    await expect(tab.getByText(/QuickBooks did not connect the company \(access_denied\)/)).toBeVisible();
  });

  test('refuses hostile or damaged answers without handing anything on', async ({ page: tab }) => {
    for (const query of [
      `?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=s1&realmId=${realmId}`,
      `?code=${code}&state=s1&realmId=1%3Bjavascript%3Aalert(1)`,
      `?code=${'A'.repeat(600)}&state=s1`,
      '?code=&state=s1',
      `?error=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`,
    ]) {
      await visit(tab, query);
      await expectRefused(tab);
      await expect(tab.locator('img')).toHaveCount(0);
    }
  });
});

test.describe('as the Reconnect URL', () => {
  test('opens that company\'s Reconnect in the app', async ({ page: tab }) => {
    await visit(tab, `?action=reconnect&realmId=${realmId}`);
    await expectHandedOn(tab, `realmkeeper://reconnect?realmId=${realmId}`);
    await visit(tab, `?realmId=${realmId}`);
    await expectHandedOn(tab, `realmkeeper://reconnect?realmId=${realmId}`);
  });
});

test.describe('as the Disconnect URL', () => {
  test('hands the realm id to the app and says what happened for a computer without it', async ({ page: tab }) => {
    await visit(tab, `?action=disconnect&realmId=${realmId}`);
    await expectHandedOn(tab, `realmkeeper://disconnected?realmId=${realmId}`);
    await expect(tab.getByRole('heading', { name: 'Realmkeeper was disconnected from this company' })).toBeVisible();
    await expect(tab.getByText(/If Realmkeeper is not on this computer, there is nothing to do here/)).toBeVisible();
  });

  test('without a realm id still tells the app, which then checks every company', async ({ page: tab }) => {
    await visit(tab, '?action=disconnect');
    await expectHandedOn(tab, 'realmkeeper://disconnected');
  });

  test('refuses a realm id that is not a number', async ({ page: tab }) => {
    await visit(tab, '?action=disconnect&realmId=..%2F..%2Fetc');
    await expectRefused(tab);
  });
});

test.describe('as the Launch URL, and anything else', () => {
  test('opens the app', async ({ page: tab }) => {
    await visit(tab, '?action=launch');
    await expectHandedOn(tab, 'realmkeeper://open');
    await visit(tab, '');
    await expectHandedOn(tab, 'realmkeeper://open');
  });

  test('refuses an action it does not know', async ({ page: tab }) => {
    await visit(tab, '?action=javascript:alert(1)');
    await expectRefused(tab);
  });
});
