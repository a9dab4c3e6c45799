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

  it('refuses another webContents, a subframe, and a page from another origin', async () => {
    const { handlers, service, window } = wired();
    const other = new FakeBrowserWindow({});
    const refused = { ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } };
    const handler = handlers.get('companies:list');
    expect(await handler?.({ sender: other.webContents, senderFrame: other.webContents.mainFrame }, {})).toEqual(refused);
    expect(await handler?.({ sender: window.webContents, senderFrame: { url: 'app://realmkeeper/index.html' } }, {})).toEqual(refused);
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(await handler?.({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {})).toEqual(refused);
    expect(await handler?.({ sender: window.webContents, senderFrame: null }, {})).toEqual(refused);
    expect(service.call).not.toHaveBeenCalled();
  });
});
