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

// The window's security settings (preferences, navigation, new windows) are tested item by item
// in test/security/electron-checklist.test.ts.
describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('focusing restores, shows and focuses the window (a second launch, a notification click)', () => {
    const { window } = create();
    window.minimized = true;
    focusWindow(asWindow(window));
    expect([window.restored, window.shown, window.focused]).toEqual([1, 1, 1]);
  });
});
