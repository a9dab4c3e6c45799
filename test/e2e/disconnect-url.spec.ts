import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { browserShellProtocol } from '../../preload/contract/bridge';
import { createKeytarSecretStore } from '../../main/core/keychain/keytar-secret-store';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index';
import { freeLoopbackPort } from '../support/engine-harness';
import { SimulatorAdmin } from '../support/simulator-admin';
import { keychainGate, removeAllSecrets, uniqueKeychainService } from '../support/system-requirements';
import { requireChromium } from './support/chromium-gate';
import { consentInNewTab, expectConnected } from './support/consent';
import { WebShell } from './support/web-shell';

/**
 * Intuit's Disconnect URL, end to end through the browser shell: someone disconnects Realmkeeper
 * inside QuickBooks (the simulator's user-disconnect), Intuit sends their browser to the relay
 * page, the page hands `realmkeeper://disconnected?realmId=…` to the app, and the app flags that
 * company within seconds, without waiting for the next keep-alive refresh.
 */
requireChromium();
test.describe.configure({ mode: 'serial' });

const relayPage = readFileSync(resolve(import.meta.dirname, '../../build/relay-page/index.html'));
let simulator: RunningSimulator;
let admin: SimulatorAdmin;
let relay: Server;
let relayOrigin: string;
let home: string;
let keychainService: string;
let shell: WebShell | undefined;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  const gate = await keychainGate();
  test.skip(!gate.run, gate.reason);
  const redirectUri = `http://localhost:${await freeLoopbackPort()}/callback`;
  simulator = await startSimulator({ clients: { sandbox: { redirectUris: [redirectUri] } } });
  admin = new SimulatorAdmin(simulator.url);
  relay = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(relayPage);
  });
  await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
  relayOrigin = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'realmkeeper-e2e-disconnect-'));
  keychainService = uniqueKeychainService('e2e-disconnect');
  const { sandbox } = simulator.clients;
  shell = await WebShell.start({
    REALMKEEPER_HOME: home,
    REALMKEEPER_KEYCHAIN_SERVICE: keychainService,
    REALMKEEPER_SANDBOX_DISCOVERY_URL: simulator.discoveryUrl('sandbox'),
    REALMKEEPER_SANDBOX_API_URL: simulator.apiBaseUrl('sandbox'),
    REALMKEEPER_SANDBOX_CLIENT_ID: sandbox.clientId,
    REALMKEEPER_SANDBOX_CLIENT_SECRET: sandbox.clientSecret,
    REALMKEEPER_SANDBOX_REDIRECT_URI: redirectUri,
    REALMKEEPER_WEB_PORT: '0',
  });
  context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  page = await context.newPage();
  await page.goto(shell.url);
});

test.afterAll(async () => {
  await shell?.stop();
  await context?.close();
  await simulator?.close();
  if (relay !== undefined) await new Promise<void>((done) => relay.close(() => done()));
  if (keychainService !== undefined) await removeAllSecrets(createKeytarSecretStore({ service: keychainService })).catch(() => undefined);
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

function row(name: string) {
  return page.getByTestId('company-row').filter({ has: page.getByRole('button', { name, exact: true }) });
}

async function connect(name: string): Promise<void> {
  await page.getByRole('button', { name: '+ Connect a company' }).click();
  const start = page.getByRole('dialog').getByRole('button', { name: /Sandbox company|Open Intuit sign-in/ });
  const tab = await consentInNewTab(context, () => start.click(), name, simulator.url);
  await expectConnected(page, name);
  await tab.close();
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
}

/**
 * What the system does with a realmkeeper:// link for the desktop app; the browser shell takes
 * it on its protocol-url call, with the token from the address it printed.
 */
async function deliverToApp(protocolUrl: string): Promise<void> {
  if (shell === undefined) throw new Error('the shell is not running');
  const address = new URL(shell.url);
  const token = new URLSearchParams(address.hash.slice(1)).get(browserShellProtocol.tokenFragmentKey) ?? '';
  const response = await fetch(`${address.origin}${browserShellProtocol.apiPrefix}protocol-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [browserShellProtocol.tokenHeader]: token },
    body: JSON.stringify({ url: protocolUrl }),
  });
  expect(response.status).toBe(200);
}

test('a Disconnect URL visit flags that company within seconds, and only that one', async () => {
  const testInfo = test.info();
  test.setTimeout(120_000);
  await connect("Larry's Bakery");
  await connect("Amy's Bird Sanctuary");
  await expect(page.getByTestId('company-row').getByText('Connected')).toHaveCount(2);
  const realmId = (await admin.companies('sandbox')).find((company) => company.companyName === "Larry's Bakery")?.realmId;
  if (realmId === undefined) throw new Error("no Larry's Bakery in the simulator");

  // Inside QuickBooks: Settings → Apps → Disconnect. Intuit then opens the app's Disconnect URL.
  await admin.disconnect({ realmId });
  const intuitTab = await context.newPage();
  await intuitTab.goto(`${relayOrigin}/realmkeeper/?action=disconnect&realmId=${realmId}`, { waitUntil: 'commit' });
  await expect(intuitTab.getByRole('heading', { name: 'Realmkeeper was disconnected from this company' })).toBeVisible();
  await intuitTab.screenshot({ path: testInfo.outputPath('relay-disconnect.png') });
  const handedOn = await intuitTab.locator('#open').getAttribute('href');
  expect(handedOn).toBe(`realmkeeper://disconnected?realmId=${realmId}`);
  await intuitTab.close();

  const deliveredAt = Date.now();
  await deliverToApp(handedOn ?? '');
  const larry = row("Larry's Bakery");
  await expect(larry.getByText('Needs reconnect')).toBeVisible({ timeout: 10_000 });
  testInfo.annotations.push({ type: 'flagged after', description: `${Date.now() - deliveredAt} ms` });
  // The why is said once for the cause's group, above the list.
  const group = page.getByRole('region', { name: 'Companies to reconnect, by cause' });
  await expect(group.getByRole('heading', { name: '1 disconnected in QuickBooks' })).toBeVisible();
  await expect(group.getByText(/disconnected Realmkeeper from this company in QuickBooks/)).toBeVisible();
  await expect(row("Amy's Bird Sanctuary").getByText('Connected')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dashboard-after-disconnect-url.png') });
});
