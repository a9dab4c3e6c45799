import type { ApiResult, AppEvent, Channel, RequestOf } from './api-contract';

/**
 * What the renderer can call, in either shell: in Electron the preload exposes it as
 * `window.realmkeeper` through contextBridge (purpose-named functions only); in the browser
 * shell the renderer builds the same interface over HTTP.
 */
export interface RealmkeeperApi {
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<C>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** 'electron' or 'browser': the window words a few things differently (tray, notifications). */
  readonly shell: 'electron' | 'browser';
}

/**
 * The browser shell's wire protocol. The per-run secret arrives in the URL fragment the shell
 * prints (`http://127.0.0.1:PORT/#token=…`, never sent to the server by the browser), and goes
 * back on every request in this header. Requests: `POST /api/<channel>` with the JSON request;
 * answers are the JSON `ApiResult`. Events: `GET /api/events`, a text/event-stream read with fetch
 * (so the header can be sent), one `data: <AppEvent JSON>` per event.
 */
export const browserShellProtocol = {
  tokenHeader: 'x-realmkeeper-token',
  tokenFragmentKey: 'token',
  apiPrefix: '/api/',
  eventsPath: '/api/events',
} as const;
