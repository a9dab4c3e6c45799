import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createKeychainHelperBinding } from '../../main/core/keychain/keychain-helper';
import { utilityKeychainHelper } from '../../main/electron/keychain-helper-process';

/** Electron's UtilityProcess, as far as the shell uses it: a fake that answers like the real helper. */
class FakeUtilityProcess extends EventEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
    const request = message as { id: number; account: string };
    queueMicrotask(() => this.emit('message', { id: request.id, ok: true, value: `secret of ${request.account}` }));
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
}

describe('the keychain helper as an Electron utility process', () => {
  it('forks the built helper once, passes calls and answers through, and ends it on close', async () => {
    const forks: Array<{ path: string; options: unknown; child: FakeUtilityProcess }> = [];
    const utilityProcess = {
      fork: (path: string, _args?: string[], options?: unknown) => {
        const child = new FakeUtilityProcess();
        forks.push({ path, options, child });
        return child as unknown as Electron.UtilityProcess;
      },
    };
    const binding = createKeychainHelperBinding(utilityKeychainHelper(utilityProcess, '/app/dist/main/keychain-helper.js'), 'darwin');
    expect(forks).toHaveLength(0);
    expect(await binding.getPassword('Realmkeeper', 'company:1')).toBe('secret of company:1');
    expect(await binding.getPassword('Realmkeeper', 'company:2')).toBe('secret of company:2');
    expect(forks).toHaveLength(1);
    expect(forks[0]?.path).toBe('/app/dist/main/keychain-helper.js');
    expect(forks[0]?.options).toMatchObject({ serviceName: 'Realmkeeper keychain' });
    expect(forks[0]?.child.posted).toEqual([
      { call: 'getPassword', service: 'Realmkeeper', account: 'company:1', id: 1 },
      { call: 'getPassword', service: 'Realmkeeper', account: 'company:2', id: 2 },
    ]);
    await binding.close();
    expect(forks[0]?.child.killed).toBe(true);
  });
});
