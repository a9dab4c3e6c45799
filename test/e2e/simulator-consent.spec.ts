import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index';
import { authorizationUrl, SimulatorAdmin } from '../support/simulator-admin';
import { requireChromium } from './support/chromium-gate';

requireChromium();

/** Stands in for the app's redirect URI: records what Intuit's redirect carried. */
async function startRedirectCatcher(): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(`caught ${request.url ?? ''}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

let simulator: RunningSimulator;
let catcher: { server: Server; port: number };
let redirectUri: string;

test.beforeAll(async () => {
  catcher = await startRedirectCatcher();
  redirectUri = `http://localhost:${catcher.port}/callback`;
  simulator = await startSimulator({ clients: { sandbox: { redirectUris: [redirectUri] } } });
});

test.afterAll(async () => {
  await simulator.close();
  await new Promise<void>((resolve) => catcher.server.close(() => resolve()));
});

test('the consent page lists the companies and Connect redirects with code, state and realmId', async ({ page }, testInfo) => {
  const state = 'e2e-state-connect';
  await page.goto(authorizationUrl(simulator.url, { clientId: simulator.clients.sandbox.clientId, redirectUri, state }));
  await expect(page.getByRole('radio')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('consent-page.png'), fullPage: true });
  await page.getByLabel("Larry's Bakery").check();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${catcher.port}/callback\\?`));

  const returned = new URL(page.url()).searchParams;
  expect(returned.get('state')).toBe(state);
  expect(returned.get('code')).toMatch(/^AB1\d{10}[A-Za-z0-9]{37}$/);
  const companies = await new SimulatorAdmin(simulator.url).companies('sandbox');
  const larry = companies.find((company) => company.companyName === "Larry's Bakery");
  expect(returned.get('realmId')).toBe(larry?.realmId);
});

test('Cancel redirects with access_denied and the same state', async ({ page }) => {
  await page.goto(authorizationUrl(simulator.url, { clientId: simulator.clients.sandbox.clientId, redirectUri, state: 'e2e-state-cancel' }));
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/callback\?/);
  const returned = new URL(page.url()).searchParams;
  expect(returned.get('error')).toBe('access_denied');
  expect(returned.get('state')).toBe('e2e-state-cancel');
  expect(returned.get('code')).toBeNull();
});

test('an unregistered redirect URI gets an error page and no redirect', async ({ page }) => {
  const unregistered = `http://localhost:${catcher.port}/other`;
  const response = await page.goto(authorizationUrl(simulator.url, { clientId: simulator.clients.sandbox.clientId, redirectUri: unregistered, state: 's' }));
  expect(response?.status()).toBe(400);
  await expect(page.getByText('The redirect_uri query parameter value is invalid')).toBeVisible();
  expect(page.url().startsWith(simulator.url)).toBe(true);
});
