import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, focusWindow } from '../../main/electron/main-window';
import { FakeBrowserWindow, asWindow } from './fake-electron';

function create() {
  const openExternalIfAllowed = vi.fn();
  createMainWindow(FakeBrowserWindow as unknown as typeof BrowserWindow, { preloadPath: '/app/dist/preload/preload.cjs', openExternalIfAllowed });
  const window = FakeBrowserWindow.created.at(-1);
  if (window === undefined) throw new Error('no window');
  return { window, openExternalIfAllowed };
}

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('uses the secure web preferences and loads the app origin', () => {
    const { window } = create();
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(window.loadedUrl).toBe('app://realmkeeper/index.html');
  });

  it('denies every window.open, sending the URL to the allow-listed opener', () => {
    const { window, openExternalIfAllowed } = create();
    expect(window.webContents.windowOpenHandler?.({ url: 'https://appcenter.intuit.com/x' })).toEqual({ action: 'deny' });
    expect(openExternalIfAllowed).toHaveBeenCalledWith('https://appcenter.intuit.com/x');
  });

  it('refuses navigation away from the app, and allows its own pages', () => {
    const { window, openExternalIfAllowed } = create();
    const away = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(openExternalIfAllowed).toHaveBeenCalledWith('https://evil.example/');
    const own = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', own, 'app://realmkeeper/index.html#settings');
    expect(own.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    window.webContents.emit('will-redirect', redirect, 'file:///etc/passwd');
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('focusing restores, shows and focuses the window (a second launch, a notification click)', () => {
    const { window } = create();
    window.minimized = true;
    focusWindow(asWindow(window));
    expect([window.restored, window.shown, window.focused]).toEqual([1, 1, 1]);
  });
});
