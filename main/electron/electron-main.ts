import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, powerMonitor, protocol, session, shell, Tray, utilityProcess } from 'electron';
import log from 'electron-log/main';
import { runElectronApp } from './run-electron-app';

/** The Electron shell's entry point, built to dist/main/electron-main.js: the only import of `electron`. */
runElectronApp({ app, BrowserWindow, ipcMain, Menu, Notification, nativeImage, powerMonitor, protocol, session, shell, Tray, utilityProcess, log }).catch((error: unknown) => {
  log.error('Realmkeeper could not start', error);
  dialog.showErrorBox('Realmkeeper could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
