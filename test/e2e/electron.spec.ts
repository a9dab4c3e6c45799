import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { SimulatorAdmin } from '../support/simulator-admin';

/** The Electron binary, when the `electron` package downloaded it; the package throws otherwise. */
function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const executablePath = electronBinary();
const root = resolve(import.meta.dirname, '../..');
const mainScript = join(root, 'dist/main/electron-main.js');

/**
 * The real Electron window, driven through Playwright's Electron support, on the demo. Runs
 * wherever Electron's binary and its native module builds are installed (`npm install` and
 * `npm run build:native:electron`, which `npm start` runs); skipped with one line elsewhere.
 */
test.describe('the Electron shell', () => {
  test.skip(executablePath === undefined, "Electron's binary is not installed here (its download cannot be made); test/electron loads the built main bundle with a fake electron module instead");
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let window: Page;
  let home: string;
  const environment = () => ({ ...process.env, REALMKEEPER_HOME: home, REALMKEEPER_KEYCHAIN_SERVICE: `Realmkeeper-e2e-${process.pid}` });

  test.beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'realmkeeper-electron-'));
    app = await electron.launch({ executablePath, args: [mainScript], env: environment() });
    window = await app.firstWindow();
    // Record what main hands to the system browser and the notifications it shows, instead of
    // opening a real browser or desktop notification.
    await app.evaluate(({ shell, Notification }) => {
      const recorded = globalThis as unknown as { opened: string[]; notified: string[] };
      recorded.opened = [];
      recorded.notified = [];
      shell.openExternal = (url: string) => {
        recorded.opened.push(url);
        return Promise.resolve();
      };
      const show = Notification.prototype.show;
      Notification.prototype.show = function showAndRecord(this: Electron.Notification) {
        recorded.notified.push(this.title);
        show.call(this);
      };
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  test('opens the secure window on the demo, with the narrow bridge and no Node', async () => {
    expect(window.url()).toBe('app://realmkeeper/index.html');
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const bridge = await window.evaluate(() => Object.keys((globalThis as unknown as { realmkeeper: object }).realmkeeper).sort());
    expect(bridge).toContain('listCompanies');
    expect(bridge).not.toContain('invoke');
    const settings = await window.evaluate(() => (globalThis as unknown as { realmkeeper: { getSettings(request: object): Promise<unknown> } }).realmkeeper.getSettings({}));
    expect(settings).toMatchObject({ ok: true, value: { demo: true } });
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  });

  let simulator: SimulatorAdmin;
  let realmId: string;

  test('connects a demo company: Intuit\'s page goes to the system browser, the answer comes back on loopback', async () => {
    await window.getByRole('button', { name: '+ Connect a company' }).click();
    await window.getByRole('dialog').getByRole('button', { name: /Sandbox company|Open Intuit sign-in/ }).click();
    const authorizationUrl = await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened.at(-1)))
      .toMatch(/connect\/oauth2/)
      .then(() => app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened.at(-1) ?? ''));
    simulator = new SimulatorAdmin(new URL(authorizationUrl).origin);
    const larry = (await simulator.companies('sandbox')).find((company) => company.companyName === "Larry's Bakery");
    if (larry === undefined) throw new Error("no Larry's Bakery in the demo");
    realmId = larry.realmId;
    const consent = await simulator.connect({ authorizationUrl, realmId });
    // The system browser following Intuit's redirect to the loopback listener.
    expect((await fetch(consent.redirectUrl)).ok).toBe(true);
    await expect(window.getByRole('dialog').getByRole('heading', { name: /Larry's Bakery is connected/ })).toBeVisible();
    await window.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  });

  test('a disconnect in QuickBooks raises a desktop notification', async () => {
    await simulator.disconnect({ realmId });
    await window.getByRole('button', { name: "Larry's Bakery", exact: true }).click();
    await window.getByRole('dialog').getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => app.evaluate(() => (globalThis as unknown as { notified: string[] }).notified)).toContain("Larry's Bakery needs reconnecting");
    await window.keyboard.press('Escape');
  });

  test('closing the window keeps the app in the tray', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((each) => each.isVisible()))).toEqual([false]);
    expect(await app.evaluate(({ app: electronApp }) => electronApp.isReady())).toBe(true);
  });

  test('a realmkeeper:// URL given to a second instance reaches the first, which shows that company', async () => {
    const second = spawn(executablePath ?? '', [mainScript, `realmkeeper://reconnect?realmId=${realmId}`], { env: environment(), stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((done) => second.once('exit', done));
    expect(exitCode).toBe(0);
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(true);
    await expect(window.getByRole('dialog').getByText("Larry's Bakery")).toBeVisible();
  });
});
