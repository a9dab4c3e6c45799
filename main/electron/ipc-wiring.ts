import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { channels, type ApiResult, type Channel } from '../../preload/contract/api-contract';
import type { AppLogger } from '../app/app-logger';
import { isRendererUrl } from './renderer-origin';

export interface IpcService {
  call(channel: unknown, payload: unknown): Promise<ApiResult<Channel>>;
}

/**
 * Only the app's own window, its main frame, showing the app's own page may call: a frame or a
 * page that got in some other way (a future iframe, a navigation that slipped through) may not.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow | undefined): boolean {
  if (window === undefined || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  if (event.sender !== window.webContents || frame === null) return false;
  return frame === window.webContents.mainFrame && isRendererUrl(frame.url);
}

const foreignSender: ApiResult<Channel> = { ok: false, error: { code: 'forbidden_sender', message: 'This caller may not use Realmkeeper.' } };

/**
 * One `ipcMain.handle` per contract channel. Payloads go to the service untouched: it parses
 * every one. Returns a function that removes the handlers.
 */
export function wireIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, service: IpcService, getWindow: () => BrowserWindow | undefined, logger: AppLogger): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(event, getWindow())) {
        logger.warn(`Refused a ${channel} call from a sender that is not the app's window`);
        return foreignSender;
      }
      return service.call(channel, payload);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
