import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';

/** Just enough of Electron's objects for the shell's wiring, recorded for assertions. */
export class FakeApp extends EventEmitter {
  readonly protocolClients: unknown[][] = [];
  quitCalls = 0;
  constructor(private readonly hasLock = true) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.protocolClients.push(args);
    return true;
  }
}

export interface FakeFrame {
  url: string;
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame = { url: 'app://realmkeeper/index.html' };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  focused = 0;
  shown = 0;
  restored = 0;
  minimized = false;
  visible = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  restore(): void {
    this.restored += 1;
    this.minimized = false;
  }
  show(): void {
    this.shown += 1;
    this.visible = true;
  }
  focus(): void {
    this.focused += 1;
  }
}

export function asWindow(window: FakeBrowserWindow): BrowserWindow {
  return window as unknown as BrowserWindow;
}
