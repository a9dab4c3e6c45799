import type { App } from 'electron';
import { protocolScheme, protocolUrlInArguments } from '../app/protocol-url';

type ProtocolApp = Pick<App, 'on' | 'setAsDefaultProtocolClient' | 'requestSingleInstanceLock'>;

/**
 * Registers `realmkeeper://` with the OS. Run from source (`electron dist/main/electron-main.js`)
 * the OS must start Electron with the script, hence the extra arguments.
 */
export function registerProtocolClient(app: Pick<App, 'setAsDefaultProtocolClient'>, process: { defaultApp?: boolean; execPath: string; argv: readonly string[] }): boolean {
  const script = process.argv[1];
  if (process.defaultApp === true && script !== undefined) return app.setAsDefaultProtocolClient(protocolScheme, process.execPath, [script]);
  return app.setAsDefaultProtocolClient(protocolScheme);
}

export interface ProtocolDeliveryDependencies {
  readonly handleUrl: (url: string) => void;
  /** A second launch means the bookkeeper wants the window. */
  readonly focus: () => void;
}

/**
 * The three ways a protocol URL reaches the app, each handed on once per event: macOS sends
 * `open-url`; Windows and Linux start a second instance whose arguments end up in the first
 * one's `second-instance`; and the very first launch may carry the URL in its own arguments.
 * The engine behind `handleUrl` exchanges each code at most once however often it arrives.
 */
export function wireProtocolDelivery(app: ProtocolApp, dependencies: ProtocolDeliveryDependencies): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    dependencies.handleUrl(url);
  });
  app.on('second-instance', (_event, argv) => {
    dependencies.focus();
    const url = protocolUrlInArguments(argv);
    if (url !== undefined) dependencies.handleUrl(url);
  });
}

/** The URL the first instance was launched with, if any (Windows, Linux). */
export function deliverLaunchUrl(argv: readonly string[], handleUrl: (url: string) => void): void {
  const url = protocolUrlInArguments(argv);
  if (url !== undefined) handleUrl(url);
}

/**
 * One app per user: a second launch hands its arguments to the first (through `second-instance`)
 * and quits, so a protocol URL never starts a second engine. Returns false in the second one.
 */
export function acquireSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit'>): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}
