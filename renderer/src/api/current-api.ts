import type { RealmkeeperApi } from '../../../preload/contract/bridge';

let current: RealmkeeperApi | null = null;

/** The stores reach main through this one object, set once at start (and by tests). */
export function setApi(api: RealmkeeperApi | null): void {
  current = api;
}

export function getApi(): RealmkeeperApi {
  if (current === null) throw new Error('The Realmkeeper API was used before it was set');
  return current;
}
