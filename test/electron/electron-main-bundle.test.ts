import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The built Electron main bundle, loaded the way Electron loads it (an ES module importing named
 * exports from `electron`, a CommonJS preload, the renderer over `app://`), with `electron`
 * resolved to a thin fake: Electron's binary cannot run here, but its import graph, its wiring
 * and its paths can. The fake and the checks are in fixtures/load-electron-main.mjs.
 */
const root = resolve(import.meta.dirname, '../..');
const loader = join(root, 'test', 'electron', 'fixtures', 'load-electron-main.mjs');

interface Report {
  errors: string[];
  appName?: string;
  sandboxEnabled?: boolean;
  permissions?: { installed: boolean; granted?: number };
  privilegedSchemes?: { scheme: string; standard: boolean; secure: boolean }[];
  protocolClients?: unknown[][];
  ipcChannels?: string[];
  trays?: number;
  trayIconIsImage?: boolean;
  keychainHelperForks?: Array<{ modulePath: string; options: unknown }>;
  applicationMenu?: boolean;
  windows?: number;
  loadedUrl?: string;
  webPreferences?: Record<string, unknown>;
  entry?: { status: number; csp: boolean; hasRoot: boolean };
  assets?: { url: string; status: number }[];
  escape?: number;
  otherHost?: number;
  preloadIsCommonJs?: boolean;
  preloadRequires?: string[];
  preloadRequiresAllowed?: boolean;
  bridgeFunctions?: string[];
}

let snapshot: string;
let home: string;
let report: Report;

/** A private copy of the three bundles, so a rebuild by another test file cannot pull them away mid-run. */
function snapshotBuild(): string {
  for (const bundle of ['main/electron-main.js', 'preload/preload.cjs', 'renderer/index.html']) {
    if (!existsSync(join(root, 'dist', bundle))) throw new Error(`dist/${bundle} is missing: run \`npm run build\` first (npm test does)`);
  }
  const folder = join(root, 'dist', `.electron-test-${process.pid}-${Date.now()}`);
  mkdirSync(folder, { recursive: true });
  for (const part of ['main', 'preload', 'renderer']) cpSync(join(root, 'dist', part), join(folder, part), { recursive: true, filter: (path) => !path.endsWith('.map') && !path.includes('.cli-test-') });
  return folder;
}

function runBundle(mainPath: string, environment: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', loader, mainPath], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  snapshot = snapshotBuild();
  home = mkdtempSync(join(tmpdir(), 'realmkeeper-electron-main-'));
  const environment: NodeJS.ProcessEnv = { ...process.env, REALMKEEPER_HOME: home };
  // The demo's keys stay in memory: this test must not touch the keychain's demo entries.
  delete environment.DBUS_SESSION_BUS_ADDRESS;
  const result = await runBundle(join(snapshot, 'main', 'electron-main.js'), environment);
  const line = result.stdout.split('\n').find((text) => text.startsWith('ELECTRON-MAIN-REPORT '));
  if (line === undefined) throw new Error(`the bundle did not finish wiring (exit ${String(result.code)}):\n${result.stderr.slice(-2000)}`);
  report = JSON.parse(line.slice('ELECTRON-MAIN-REPORT '.length)) as Report;
}, 60_000);

afterAll(() => {
  if (snapshot !== undefined) rmSync(snapshot, { recursive: true, force: true });
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

describe('the built Electron main bundle under a fake electron module', () => {
  it('links as an ES module against electron\'s named exports and starts without an error dialog', () => {
    expect(report.errors).toEqual([]);
    expect(report.appName).toBe('Realmkeeper');
  });

  it('registers app:// as a privileged scheme and realmkeeper:// with the system', () => {
    expect(report.privilegedSchemes).toEqual([{ scheme: 'app', standard: true, secure: true, supportFetchAPI: true }]);
    expect(report.protocolClients?.[0]?.[0]).toBe('realmkeeper');
  });

  it('opens one sandboxed window on app://realmkeeper/ with the CommonJS preload beside the bundle', () => {
    expect(report.windows).toBe(1);
    expect(report.loadedUrl).toBe('app://realmkeeper/index.html');
    expect(report.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: join(snapshot, 'preload', 'preload.cjs') });
  });

  it('sandboxes every renderer and answers no to every permission request and check', () => {
    expect(report.sandboxEnabled).toBe(true);
    expect(report.permissions).toEqual({ installed: true, granted: 0 });
  });

  it('serves the page and every asset it names over app://, and nothing outside the renderer folder', () => {
    expect(report.entry).toEqual({ status: 200, csp: true, hasRoot: true });
    expect(report.assets?.length).toBeGreaterThan(0);
    for (const asset of report.assets ?? []) expect(asset, asset.url).toMatchObject({ status: 200 });
    expect(report.escape).toBe(404);
    expect(report.otherHost).toBe(404);
  });

  it('loads a preload a sandboxed renderer can run, exposing only purpose-named functions', () => {
    expect(report.preloadIsCommonJs).toBe(true);
    expect(report.preloadRequiresAllowed, `the preload requires ${String(report.preloadRequires)}`).toBe(true);
    expect(report.bridgeFunctions).toContain('listCompanies');
    expect(report.bridgeFunctions).toContain('startConnect');
    expect(report.bridgeFunctions).not.toContain('invoke');
  });

  it('wires the IPC channels, the tray with an image and the application menu', () => {
    expect(report.ipcChannels).toEqual(expect.arrayContaining(['companies:list', 'connect:start', 'settings:get']));
    expect(report.trays).toBe(1);
    expect(report.trayIconIsImage).toBe(true);
    expect(report.applicationMenu).toBe(true);
  });

  it('has its keychain helper built beside it, and starts it only at a first keychain call, not while wiring', () => {
    // The shell forks dist/main/keychain-helper.js as a utility process (keychain-helper-process.test.ts).
    expect(existsSync(join(snapshot, 'main', 'keychain-helper.js'))).toBe(true);
    expect(report.keychainHelperForks).toEqual([]);
  });
});
