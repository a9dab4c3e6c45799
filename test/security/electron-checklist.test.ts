import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserWindow, IpcMain } from 'electron';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../preload/contract/api-contract';
import { silentLogger } from '../../main/app/app-logger';
import { isAllowedExternalUrl } from '../../main/app/external-links';
import { parseProtocolUrl } from '../../main/app/protocol-url';
import { openExternalIfAllowed, openWebPage } from '../../main/electron/external-opener';
import { wireIpc } from '../../main/electron/ipc-wiring';
import { createMainWindow, secureWebPreferences } from '../../main/electron/main-window';
import { denyEveryPermission, enforceContentSecurityPolicy, serveRenderer } from '../../main/electron/renderer-protocol';
import { contentSecurityPolicy } from '../../main/web/response-headers';
import { FakeBrowserWindow, FakeProtocol, FakeSession, asWindow } from '../electron/fake-electron';

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), one
 * describe per recommendation that applies, against the shell's own functions with Electron's
 * objects faked (its binary cannot run here). `test/electron/electron-main-bundle.test.ts` checks
 * the same wiring once more in the built bundle (that `app.enableSandbox()` is called, that both
 * permission handlers answer no, that the preload exposes only purpose-named functions), and
 * `test/packaging/electron-builder-config.test.ts` the fuses of the packaged app.
 */

const root = resolve(import.meta.dirname, '../..');
const preloadPath = '/app/dist/preload/preload.cjs';

function openWindow() {
  const openExternal = vi.fn<(url: string) => void>();
  createMainWindow(FakeBrowserWindow as unknown as typeof BrowserWindow, { preloadPath, openExternalIfAllowed: openExternal });
  const window = FakeBrowserWindow.created.at(-1);
  if (window === undefined) throw new Error('no window');
  return { window, openExternal };
}

function cancellable() {
  return { preventDefault: vi.fn() };
}

/** The CSP as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== undefined && words[0] !== '')
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

beforeEach(() => {
  FakeBrowserWindow.created = [];
});

describe('1. Only load secure content (no remote content)', () => {
  it('loads the app from app://realmkeeper/ and nothing from the network', () => {
    const { window } = openWindow();
    expect(window.loadedUrl).toBe('app://realmkeeper/index.html');
  });

  it("names no remote script, style or frame in the window's page", () => {
    const page = readFileSync(join(root, 'renderer', 'index.html'), 'utf8');
    const references = [...page.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference, reference).not.toMatch(/^(?:[a-z]+:)?\/\//i);
  });
});

describe('2. Do not enable Node.js integration in the renderer', () => {
  it('turns Node off in the page, its workers and its subframes', () => {
    expect(secureWebPreferences(preloadPath)).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
    expect(openWindow().window.options.webPreferences).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
  });
});

describe('3. Enable context isolation', () => {
  it('isolates the preload from the page, which sees only what contextBridge exposes', () => {
    expect(openWindow().window.options.webPreferences).toMatchObject({ contextIsolation: true, preload: preloadPath });
    const preload = readFileSync(join(root, 'preload', 'index.ts'), 'utf8');
    expect(preload).toContain("contextBridge.exposeInMainWorld('realmkeeper'");
    expect(preload).not.toMatch(/\bwindow\.\w+\s*=|globalThis\.\w+\s*=/);
  });
});

describe('4. Enable process sandboxing', () => {
  it('sandboxes the window (and the built bundle calls app.enableSandbox for every other renderer)', () => {
    expect(openWindow().window.options.webPreferences).toMatchObject({ sandbox: true });
  });
});

describe('5. Handle session permission requests: every one is denied', () => {
  const permissions = ['notifications', 'media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'idle-detection', 'midi', 'midiSysex', 'openExternal', 'pointerLock', 'keyboardLock', 'storage-access', 'window-management', 'fileSystem', 'hid', 'serial', 'usb', 'unknown'];

  function deniedSession() {
    const session = new FakeSession();
    denyEveryPermission(session as never);
    const { permissionRequestHandler: request, permissionCheckHandler: check } = session;
    if (request === undefined || check === undefined) throw new Error('a permission handler is missing');
    const ask = (permission: string) => new Promise<boolean>((answer) => request(null, permission, answer, { requestingUrl: 'app://realmkeeper/index.html' }));
    return { ask, check: (permission: string) => check(null, permission, 'app://realmkeeper', {}) };
  }

  it("answers no to every request (a prompt) and every check (a silent query), including Electron's own and unknown ones", async () => {
    const { ask, check } = deniedSession();
    for (const permission of permissions) {
      expect(await ask(permission), permission).toBe(false);
      expect(check(permission), permission).toBe(false);
    }
    await fc.assert(fc.asyncProperty(fc.string(), async (permission) => (await ask(permission)) === false && check(permission) === false));
  });
});

describe('6. Do not disable webSecurity; no insecure content, experimental or Blink features', () => {
  it('keeps the web platform protections on', () => {
    const preferences = openWindow().window.options.webPreferences as Record<string, unknown>;
    expect(preferences).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false });
    expect(preferences['enableBlinkFeatures']).toBeUndefined();
  });
});

describe('7. Define a Content Security Policy', () => {
  it('is strict: only its own scripts, no eval, no inline script, no remote origin, nothing framed or posted', () => {
    const policy = directives(contentSecurityPolicy);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(policy.get(name), name).toEqual(["'none'"]);
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toMatch(/unsafe-|^\*$|^https?:|^wss?:|^blob:|\./);
        if (source === 'data:') expect(name).toBe('img-src');
      }
    }
  });

  it('sets the header on every response the window receives, over whatever the server sent', () => {
    const session = new FakeSession();
    enforceContentSecurityPolicy(session as never);
    const sent = vi.fn();
    session.headersListener?.({ url: 'https://anything.example/', responseHeaders: { 'Content-Security-Policy': ["script-src * 'unsafe-eval'"], 'X-Other': ['kept'] } }, sent);
    expect(sent).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy], 'X-Other': ['kept'] } });
  });

  it("comes with the app's own pages too, and the page's meta policy allows no eval or remote script", async () => {
    const protocol = new FakeProtocol();
    serveRenderer(protocol as never, rendererFolder);
    const page = await protocol.fetch('app://realmkeeper/index.html');
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(join(root, 'renderer', 'index.html'), 'utf8'))?.[1] ?? '';
    expect(directives(meta).get('script-src')).toEqual(["'self'"]);
    expect(meta).not.toMatch(/unsafe-eval|https?:/);
  });
});

describe('8. Do not use webviews', () => {
  it('has no <webview> tag, and refuses to attach one', () => {
    const { window } = openWindow();
    expect(window.options.webPreferences).toMatchObject({ webviewTag: false });
    const attach = cancellable();
    window.webContents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('9. Disable or limit navigation', () => {
  it("refuses every navigation and redirect away from the app's pages, handing the URL to the allow-listed opener", () => {
    const { window, openExternal } = openWindow();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://elsewhere/index.html', 'app://user@realmkeeper/', 'javascript:alert(1)', 'realmkeeper://open']) {
      for (const kind of ['will-navigate', 'will-redirect']) {
        const event = cancellable();
        window.webContents.emit(kind, event, url);
        expect(event.preventDefault, `${kind} ${url}`).toHaveBeenCalled();
      }
    }
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/');
  });

  it("lets the app move between its own pages", () => {
    const { window } = openWindow();
    const own = cancellable();
    window.webContents.emit('will-navigate', own, 'app://realmkeeper/index.html#settings');
    expect(own.preventDefault).not.toHaveBeenCalled();
  });
});

describe('10. Disable or limit the creation of new windows', () => {
  it('denies every window.open, sending the URL to the allow-listed opener instead', () => {
    const { window, openExternal } = openWindow();
    for (const url of ['https://appcenter.intuit.com/connect/oauth2', 'app://realmkeeper/index.html', 'about:blank']) {
      expect(window.webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledWith('https://appcenter.intuit.com/connect/oauth2');
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });
});

describe('11. Do not use shell.openExternal with untrusted content', () => {
  const policy = { extraOrigins: ['http://127.0.0.1:4000'] };

  function fakeShell() {
    return { openExternal: vi.fn<(url: string) => Promise<void>>(async () => undefined) };
  }

  it("opens Intuit's pages from the window, and hands nothing else to the system", async () => {
    const shell = fakeShell();
    const open = openExternalIfAllowed(openWebPage(shell), policy, silentLogger);
    expect(await open('https://appcenter.intuit.com/connect/oauth2?x=1')).toBe(true);
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'https://intuit.com.evil.example/', 'realmkeeper://open', 'ms-msdt:/id', 'http://127.0.0.1:4001/']) {
      expect(await open(url), url).toBe(false);
    }
    expect(shell.openExternal.mock.calls).toEqual([['https://appcenter.intuit.com/connect/oauth2?x=1']]);
  });

  it('passes only http and https to the system even for the consent page the engine builds', async () => {
    const shell = fakeShell();
    const open = openWebPage(shell);
    expect(await open('http://127.0.0.1:8700/connect/oauth2')).toBe(true);
    expect(await open('file:///bin/sh')).toBe(false);
    expect(await open('javascript:alert(1)')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it("allows, whatever the URL, only https on intuit.com or one of the demo's own origins", () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string(), fc.constantFrom('https://intuit.com/', 'https://a.intuit.com/x', 'http://127.0.0.1:4000/x')), (url) => {
        if (!isAllowedExternalUrl(url, policy)) return true;
        const parsed = new URL(url);
        const intuit = parsed.protocol === 'https:' && parsed.port === '' && (parsed.hostname === 'intuit.com' || parsed.hostname.endsWith('.intuit.com'));
        return parsed.username === '' && parsed.password === '' && (intuit || policy.extraOrigins.includes(parsed.origin));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('12. Validate the sender of all IPC messages', () => {
  type Handler = (event: unknown, payload: unknown) => unknown;

  function wired() {
    const handlers = new Map<string, Handler>();
    const ipcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler), removeHandler: (channel: string) => handlers.delete(channel) };
    const service = { call: vi.fn(async () => ({ ok: true as const, value: { opened: true } })) };
    const window = new FakeBrowserWindow({});
    wireIpc(ipcMain as unknown as IpcMain, service, () => asWindow(window), silentLogger);
    return { handlers, service, window };
  }

  it('answers the app window\'s main frame on its own page', async () => {
    const { handlers, service, window } = wired();
    await handlers.get('companies:list')?.({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {});
    expect(service.call).toHaveBeenCalledTimes(1);
  });

  it('refuses, on every channel, another window, a subframe, a frame gone, and the window showing another origin', async () => {
    const { handlers, service, window } = wired();
    const other = new FakeBrowserWindow({});
    const refused = { ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } };
    for (const channel of channels) {
      const handler = handlers.get(channel);
      expect(await handler?.({ sender: other.webContents, senderFrame: other.webContents.mainFrame }, {}), channel).toEqual(refused);
      expect(await handler?.({ sender: window.webContents, senderFrame: { url: 'app://realmkeeper/index.html' } }, {}), channel).toEqual(refused);
      expect(await handler?.({ sender: window.webContents, senderFrame: null }, {}), channel).toEqual(refused);
    }
    for (const url of ['https://evil.example/', 'app://elsewhere/index.html', 'file:///app/index.html', 'app://user:pw@realmkeeper/index.html']) {
      window.webContents.mainFrame.url = url;
      expect(await handlers.get('companies:list')?.({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {}), url).toEqual(refused);
    }
    expect(service.call).not.toHaveBeenCalled();
  });
});

let rendererFolder: string;
beforeAll(() => {
  const folder = mkdtempSync(join(tmpdir(), 'realmkeeper-checklist-'));
  rendererFolder = join(folder, 'renderer');
  mkdirSync(join(rendererFolder, 'assets'), { recursive: true });
  writeFileSync(join(rendererFolder, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(rendererFolder, 'assets', 'app.js'), 'void 0;');
  writeFileSync(join(folder, 'secret.txt'), 'outside the renderer folder');
});
afterAll(() => {
  rmSync(join(rendererFolder, '..'), { recursive: true, force: true });
});

describe('13. Use a custom protocol instead of file://', () => {
  it('serves the renderer folder over app://realmkeeper/ with its security headers', async () => {
    const protocol = new FakeProtocol();
    serveRenderer(protocol as never, rendererFolder);
    const asset = await protocol.fetch('app://realmkeeper/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves nothing outside that folder, for no other host and no other method', async () => {
    const protocol = new FakeProtocol();
    serveRenderer(protocol as never, rendererFolder);
    for (const url of ['app://realmkeeper/../secret.txt', 'app://realmkeeper/..%2fsecret.txt', 'app://realmkeeper/%2e%2e/secret.txt', 'app://realmkeeper/assets/..%5c..%5csecret.txt', 'app://elsewhere/index.html']) {
      expect((await protocol.fetch(url)).status, url).toBe(404);
    }
    expect((await protocol.fetch('app://realmkeeper/index.html', { method: 'POST', body: 'x' })).status).toBe(404);
  });
});

describe('14. The realmkeeper:// URL is parsed strictly', () => {
  const digits = fc.stringMatching(/^[0-9]{1,32}$/);
  const token = fc.stringMatching(/^[A-Za-z0-9._~-]{1,64}$/);
  const documented = fc.oneof(
    fc.constant({ url: 'realmkeeper://open', expected: { kind: 'open' } }),
    digits.map((realmId) => ({ url: `realmkeeper://reconnect?realmId=${realmId}`, expected: { kind: 'reconnect', realmId } })),
    digits.map((realmId) => ({ url: `realmkeeper://disconnected?realmId=${realmId}`, expected: { kind: 'disconnected', realmId } })),
    fc.constant({ url: 'realmkeeper://disconnected', expected: { kind: 'disconnected', realmId: undefined } }),
    fc.tuple(token, token, digits).map(([code, state, realmId]) => {
      const url = `realmkeeper://oauth/callback?code=${code}&state=${state}&realmId=${realmId}`;
      return { url, expected: { kind: 'oauth_callback', url } };
    }),
    fc.tuple(token, fc.string({ maxLength: 80 })).map(([state, description]) => {
      const url = `realmkeeper://oauth/callback?state=${state}&error=access_denied&error_description=${encodeURIComponent(description || 'x')}`;
      return { url, expected: { kind: 'oauth_callback', url } };
    }),
  );

  it('accepts each documented form, and reads its realm id exactly', () => {
    fc.assert(
      fc.property(documented, ({ url, expected }) => {
        expect(parseProtocolUrl(url)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every documented form once anything is added, doubled or changed', () => {
    const hostile = [
      (url: string) => url.replace('realmkeeper://', 'realmkeeper://user@'),
      (url: string) => url.replace('realmkeeper://', 'realmkeeper://user:pw@'),
      (url: string) => url.replace(/^realmkeeper:\/\/([a-z]+)/, 'realmkeeper://$1:443'),
      (url: string) => `${url}#fragment`,
      (url: string) => `${url}${url.includes('?') ? '&' : '?'}extra=1`,
      (url: string) => (url.includes('?') ? `${url}&${url.split('?')[1]?.split('&')[0] ?? ''}` : url),
      (url: string) => `${url}${url.includes('?') ? '&' : '?'}code=again&error=again`,
      (url: string) => `${url}//`,
      (url: string) => `${url}&`,
      (url: string) => ` ${url}`,
      (url: string) => `${url}\n`,
      (url: string) => url.replace('//', '/'),
      (url: string) => url.replace('realmkeeper', 'realmkeeper2'),
      (url: string) => url.replace('realmkeeper:', 'https:'),
      (url: string) => url.replace(/realmkeeper:\/\/(\w)/, (_all, first: string) => `realmkeeper://${first.toUpperCase()}`),
      (url: string) => url.replace(/realmId=(\d)/, 'realmId=%3$1'),
      (url: string) => url.replace(/=/, '=\u00e9'),
      (url: string) => url.replace(/=[^&]*/, '='),
      (url: string) => `${url}${'9'.repeat(9000)}`,
    ];
    fc.assert(
      fc.property(documented, fc.constantFrom(...hostile), ({ url }, mutate) => {
        const changed = mutate(url);
        // A mutation that does not apply to this form (no realm id to change) proves nothing.
        fc.pre(changed !== url);
        expect(parseProtocolUrl(changed), changed).toEqual({ kind: 'unknown' });
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts, among strings built from its own pieces, exactly what the documented grammar describes', () => {
    const grammar = new RegExp(
      '^realmkeeper://(?:' +
        'open/?' +
        '|reconnect/?\\?realmId=[0-9]{1,32}' +
        '|disconnected/?(?:\\?realmId=[0-9]{1,32})?' +
        '|oauth/callback/?\\?(?:code|state|realmId|error|error_description)=[^&#?]+(?:&(?:code|state|realmId|error|error_description)=[^&#?]+)*' +
        ')$',
    );
    const pieces = ['realmkeeper://', 'REALMKEEPER://', 'open', 'oauth', '/callback', 'reconnect', 'disconnected', '/', '?', '&', '=', 'realmId=', 'code=', 'state=', 'error=', '123', 'abc', '%20', '#', '@', ':80', ' ', '%', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const url = parts.join('');
        const request = parseProtocolUrl(url);
        if (request.kind === 'unknown') return;
        // Whatever it accepted fits the grammar (case-insensitive in the scheme only), with each name once.
        expect(grammar.test(url.replace(/^realmkeeper/i, 'realmkeeper')), url).toBe(true);
        const names = (url.split('?')[1] ?? '').split('&').filter((part) => part !== '').map((part) => part.split('=')[0]);
        expect(new Set(names).size, url).toBe(names.length);
      }),
      { numRuns: 5_000 },
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webUrl()), (url) => ['unknown', 'open', 'reconnect', 'disconnected', 'oauth_callback'].includes(parseProtocolUrl(url).kind)), { numRuns: 2_000 });
  });
});
