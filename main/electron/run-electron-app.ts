import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Electron from 'electron';
import type { MainLogger } from 'electron-log';
import { electronEventChannel } from '../../preload/contract/bridge';
import { countNeedingAttention } from '../app/notification-policy';
import { startApp, type RunningApp } from '../app/start-app';
import { quitAfterDrain } from './quit-after-drain';
import { dataPaths, resolveDataDirectory } from '../core/config/data-directory';
import { appName } from '../core/config/settings-catalog';
import { configureElectronLog, scopedLogger } from './electron-logger';
import { wireIpc } from './ipc-wiring';
import { createMainWindow, focusWindow } from './main-window';
import { acquireSingleInstance, deliverLaunchUrl, registerProtocolClient, wireProtocolDelivery } from './protocol-delivery';
import { denyEveryPermission, enforceContentSecurityPolicy, registerRendererScheme, serveRenderer } from './renderer-protocol';
import { openExternalIfAllowed, openWebPage } from './external-opener';
import { wireNotifications } from './notifications';
import { applicationMenuTemplate, createTray, type TrayActions } from './tray';
import { trayIconDataUrl } from './tray-icon';
import { utilityKeychainHelper } from './keychain-helper-process';

/** The Electron objects the shell uses, passed in so that nothing else imports `electron`. */
export interface ElectronModules {
  readonly app: Electron.App;
  readonly BrowserWindow: typeof Electron.BrowserWindow;
  readonly ipcMain: Electron.IpcMain;
  readonly Menu: typeof Electron.Menu;
  readonly Notification: typeof Electron.Notification;
  readonly nativeImage: typeof Electron.nativeImage;
  readonly powerMonitor: Electron.PowerMonitor;
  readonly protocol: Electron.Protocol;
  readonly session: typeof Electron.session;
  readonly shell: Electron.Shell;
  readonly Tray: typeof Electron.Tray;
  readonly utilityProcess: Pick<typeof Electron.utilityProcess, 'fork'>;
  readonly log: MainLogger;
}

/**
 * The Electron shell: adapts Electron to the app service and nothing more. Order matters:
 * the name is set before anything reads the data folder, and the protocol listeners exist
 * before `ready`, since macOS delivers a launch URL through `open-url` that early.
 */
export async function runElectronApp(electron: ElectronModules): Promise<void> {
  const { app } = electron;
  app.setName(appName);
  if (!acquireSingleInstance(app)) return;

  const logsDirectory = dataPaths(resolveDataDirectory({ env: process.env, platform: process.platform, homeDirectory: homedir() }).value, process.platform).logs;
  configureElectronLog(electron.log, logsDirectory);
  const logger = scopedLogger(electron.log, 'shell');

  // Set once the engine is open; protocol URLs that come earlier wait for it.
  const started: { app?: RunningApp } = {};
  let window: Electron.BrowserWindow | undefined;
  let quitting = false;
  // URLs that arrive before the engine is open wait here, each handed on exactly once.
  const waitingUrls: string[] = [];
  const handleUrl = (url: string) => {
    if (started.app === undefined) {
      waitingUrls.push(url);
      return;
    }
    started.app.service.handleProtocolUrl(url).catch((error: unknown) => logger.error('A protocol URL could not be handled', error));
  };
  const showWindow = () => {
    if (window !== undefined && !window.isDestroyed()) focusWindow(window);
  };

  // Every renderer sandboxed, whatever options a future window forgets to set.
  app.enableSandbox();
  registerRendererScheme(electron.protocol);
  wireProtocolDelivery(app, { handleUrl, focus: showWindow });
  deliverLaunchUrl(process.argv, handleUrl);
  if (!registerProtocolClient(app, process)) logger.warn('Could not register realmkeeper:// with the system');

  await app.whenReady();
  const here = dirname(fileURLToPath(import.meta.url));
  serveRenderer(electron.protocol, resolve(here, '../renderer'));
  enforceContentSecurityPolicy(electron.session.defaultSession);
  denyEveryPermission(electron.session.defaultSession);

  const openExternal = openWebPage(electron.shell);
  const running = await startApp({
    env: process.env,
    logger: scopedLogger(electron.log, 'app'),
    opensConsentPage: true,
    openExternal,
    spawnKeychainHelper: utilityKeychainHelper(electron.utilityProcess, resolve(here, 'keychain-helper.js')),
  });
  started.app = running;
  const { service } = running;
  if (running.demo !== undefined) logger.info('No Intuit keys are set: running the demo on the built-in simulator');
  const externalLinks = { extraOrigins: running.demo === undefined ? [] : [running.demo.simulator.url] };
  const openAllowed = openExternalIfAllowed(openExternal, externalLinks, logger);

  wireIpc(electron.ipcMain, service, () => window, logger);
  const createWindow = () => {
    window = createMainWindow(electron.BrowserWindow, { preloadPath: resolve(here, '../preload/preload.cjs'), openExternalIfAllowed: (url) => void openAllowed(url) });
    // Closing the window hides it: the keep-alive refresh goes on until Quit.
    window.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      window?.hide();
    });
  };
  createWindow();

  const actions: TrayActions = {
    showWindow,
    openLogsFolder: () => void electron.shell.openPath(logsDirectory),
    quit: () => app.quit(),
  };
  const tray = createTray((icon) => new electron.Tray(electron.nativeImage.createFromDataURL(icon)), electron.Menu, {
    iconPath: trayIconDataUrl,
    actions,
    attentionCount: () => countNeedingAttention(service.companies()),
  });
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(applicationMenuTemplate(actions, process.platform)));

  service.onEvent((event) => {
    if (window !== undefined && !window.isDestroyed()) window.webContents.send(electronEventChannel, event);
    if (event.kind === 'companies_changed') tray.update();
  });
  wireNotifications(electron.Notification, {
    onNotification: (listener) => service.onNotification(listener),
    focusCompany: (companyId) => {
      showWindow();
      service.focusCompany(companyId);
    },
  });
  electron.powerMonitor.on('resume', () => void service.resume().catch((error: unknown) => logger.error('Re-planning after sleep failed', error)));

  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    // Stay in the tray: quitting here would stop the keep-alive refresh.
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  quitAfterDrain(app, () => running.close(), (error) => logger.error('Closing the engine failed', error));

  for (const url of waitingUrls.splice(0)) handleUrl(url);
  await service.startBackground().catch((error: unknown) => logger.error('The refresh on launch failed', error));
}
