import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { rendererEntryUrl, isRendererUrl } from './renderer-origin';

/** The renderer is a web page with no Node and no Electron: only the preload's narrow bridge. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    title: 'Realmkeeper',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export interface MainWindowDependencies {
  readonly preloadPath: string;
  /** Opens an allowed URL in the system browser (shell.openExternal after the allow-list). */
  readonly openExternalIfAllowed: (url: string) => void;
}

/**
 * Creates the one window. It may never navigate away from the app's own pages nor open another
 * window: links to Intuit go to the system browser through the allow-list, everything else is
 * dropped.
 */
export function createMainWindow(BrowserWindowClass: typeof BrowserWindow, dependencies: MainWindowDependencies): BrowserWindow {
  const window = new BrowserWindowClass(mainWindowOptions(dependencies.preloadPath));
  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    dependencies.openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  const keepInApp = (event: { preventDefault(): void }, url: string) => {
    if (isRendererUrl(url)) return;
    event.preventDefault();
    dependencies.openExternalIfAllowed(url);
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererEntryUrl);
  return window;
}

/** Brings the window forward after a second launch, a notification click or a tray click. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
