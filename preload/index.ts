import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppEvent } from './contract/api-contract';
import { apiMethods, electronEventChannel, type ApiMethod, type RealmkeeperApi } from './contract/bridge';

/**
 * The preload bridge: `window.realmkeeper`, exactly the contract's purpose-named functions, each
 * bound to its own channel, plus `onEvent`. The page never sees `ipcRenderer` or any way to name
 * a channel itself; main checks the sender and parses every payload anyway.
 */
function buildApi(): RealmkeeperApi {
  const methods: Partial<Record<ApiMethod, (request: unknown) => Promise<unknown>>> = {};
  for (const [method, channel] of Object.entries(apiMethods) as Array<[ApiMethod, (typeof apiMethods)[ApiMethod]]>) {
    methods[method] = (request: unknown) => ipcRenderer.invoke(channel, request);
  }
  return {
    ...(methods as Omit<RealmkeeperApi, 'onEvent' | 'shell'>),
    onEvent(listener: (event: AppEvent) => void): () => void {
      // The listener gets the event only, never the IpcRendererEvent (which carries `sender`).
      const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
      ipcRenderer.on(electronEventChannel, forward);
      return () => {
        ipcRenderer.removeListener(electronEventChannel, forward);
      };
    },
    shell: 'electron',
  };
}

contextBridge.exposeInMainWorld('realmkeeper', buildApi());
