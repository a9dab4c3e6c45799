import type * as Electron from 'electron';
import type { SpawnKeychainHelper } from '../core/keychain/keychain-helper';

/**
 * The keychain helper as an Electron utility process. The packaged app's `runAsNode` fuse is off,
 * so Node's `fork` (which runs Electron's binary as Node) is not available to it; a utility process
 * is Electron's own way to run a Node program beside the app, with the same native modules.
 */
export function utilityKeychainHelper(utilityProcess: Pick<typeof Electron.utilityProcess, 'fork'>, entryPath: string): SpawnKeychainHelper {
  return () => {
    const child = utilityProcess.fork(entryPath, [], { serviceName: 'Realmkeeper keychain', stdio: 'ignore' });
    return {
      send: (request) => child.postMessage(request),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', () => listener()),
      kill: () => void child.kill(),
    };
  };
}
