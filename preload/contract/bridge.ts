import type { ApiResult, AppEvent, Channel, RequestOf } from './api-contract';

/** Each purpose-named function the window may call, and the channel it travels on. */
export const apiMethods = {
  listCompanies: 'companies:list',
  refreshCompany: 'companies:refresh',
  testCompany: 'companies:test',
  disconnectCompany: 'companies:disconnect',
  setCompanyFixer: 'companies:set-fixer',
  listEvents: 'companies:events',
  startConnect: 'connect:start',
  cancelConnect: 'connect:cancel',
  resolveRealmMismatch: 'connect:resolve-mismatch',
  listAttempts: 'connect:list',
  getSettings: 'settings:get',
  setSetting: 'settings:set',
  setClientSecret: 'settings:set-secret',
  activitySummary: 'activity:summary',
  openExternal: 'app:open-external',
} as const satisfies Record<string, Channel>;

export type ApiMethod = keyof typeof apiMethods;

/**
 * What the renderer can call, in either shell: in Electron the preload exposes exactly these
 * functions as `window.realmkeeper` through contextBridge (never a generic invoke); in the
 * browser shell the renderer builds the same object over HTTP.
 */
export type RealmkeeperApi = {
  readonly [M in ApiMethod]: (request: RequestOf<(typeof apiMethods)[M]>) => Promise<ApiResult<(typeof apiMethods)[M]>>;
} & {
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** 'electron' or 'browser': the window words a few things differently (tray, notifications). */
  readonly shell: 'electron' | 'browser';
};

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

/**
 * The one channel main pushes `AppEvent`s on in the Electron shell; the preload's `onEvent`
 * listens on it and nothing else.
 */
export const electronEventChannel = 'app:event';
