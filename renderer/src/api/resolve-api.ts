import type { RealmkeeperApi } from '../../../preload/contract/bridge';
import { createHttpApi } from './http-api';
import { readSessionToken } from './session-token';

export type ApiResolution = { readonly kind: 'ready'; readonly api: RealmkeeperApi } | { readonly kind: 'no_token' };

declare global {
  interface Window {
    readonly realmkeeper?: RealmkeeperApi;
  }
}

/** Electron's preload provides the API; in a plain browser it is built over HTTP. */
export function resolveApi(target: Window, onConnectionChange?: (connected: boolean) => void): ApiResolution {
  if (target.realmkeeper !== undefined) return { kind: 'ready', api: target.realmkeeper };
  const token = readSessionToken({ location: target.location, storage: target.sessionStorage, history: target.history });
  if (token === null) return { kind: 'no_token' };
  return { kind: 'ready', api: createHttpApi({ origin: target.location.origin, token, onConnectionChange }) };
}
