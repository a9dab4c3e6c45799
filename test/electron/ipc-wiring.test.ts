import type { BrowserWindow, IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { channels } from '../../preload/contract/api-contract';
import { silentLogger } from '../../main/app/app-logger';
import { wireIpc } from '../../main/electron/ipc-wiring';
import { FakeBrowserWindow, asWindow } from './fake-electron';

type Handler = (event: unknown, payload: unknown) => unknown;

function wired(service = { call: vi.fn(async () => ({ ok: true as const, value: { opened: true } })) }) {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const window = new FakeBrowserWindow({});
  const unwire = wireIpc(ipcMain as unknown as IpcMain, service, () => asWindow(window) as BrowserWindow, silentLogger);
  const own = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  return { handlers, service, window, own, unwire };
}

describe('wireIpc', () => {
  it('registers one handler per contract channel and removes them all', () => {
    const { handlers, unwire } = wired();
    expect([...handlers.keys()].sort()).toEqual([...channels].sort());
    unwire();
    expect(handlers.size).toBe(0);
  });

  it("passes the app window's calls to the service with the channel and the raw payload", async () => {
    const { handlers, service, own } = wired();
    await handlers.get('companies:list')?.(own, { any: 'thing' });
    expect(service.call).toHaveBeenCalledWith('companies:list', { any: 'thing' });
  });
  // The sender check: test/security/electron-checklist.test.ts.
});
