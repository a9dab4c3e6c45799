import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeychainHelperBinding, forkKeychainHelper, type KeychainHelperBinding } from '../../../main/core/keychain/keychain-helper';
import { KeychainError } from '../../../main/core/keychain/keychain-error';
import { createKeytarSecretStore, keychainCallsStuck, onKeychainStopsAnswering, type KeychainStoppedAnswering } from '../../../main/core/keychain/keytar-secret-store';
import { builtCliPath, useCliBuild } from '../../cli/cli-process';
import { removeAllSecrets, skipUnlessAvailable, uniqueKeychainService } from '../../support/system-requirements';
import { waitUntil } from '../../support/wait-until';

const fixture = join(import.meta.dirname, 'fixtures', 'wedging-keychain-helper.mjs');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('keychain helper process, a keychain that stops answering it', () => {
  let folder = '';
  let stateFile = '';
  let helper: KeychainHelperBinding | undefined;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'realmkeeper-helper-'));
    stateFile = join(folder, 'state.json');
    writeFileSync(stateFile, JSON.stringify({ pids: [], entries: {} }));
    process.env.WEDGING_HELPER_FILE = stateFile;
  });
  afterEach(async () => {
    await helper?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('ends the wedged helper once a probe sticks too, and the next call works in a new one', async () => {
    helper = createKeychainHelperBinding(forkKeychainHelper(fixture), 'linux');
    const heard: KeychainStoppedAnswering[] = [];
    const stopListening = onKeychainStopsAnswering((event) => heard.push(event));
    // Long enough for a helper to start on a loaded machine: only the wedged calls may time out.
    const store = createKeytarSecretStore({ platform: 'linux', callTimeoutMs: 1_500, helper });
    try {
      await helper.setPassword('warm-up', 'started', 'yes');
      await store.set('company:1', 'kept');
      expect(await store.get('wedge').catch((caught: unknown) => caught)).toMatchObject({ code: 'keychain_locked' });
      // Refused at once while the call is out; a timeout later a write probe is tried, sticks,
      // and the helper holding both is ended.
      await waitUntil(async () => {
        await store.get('company:1').catch(() => undefined);
        return heard.length > 0;
      }, 'the wedged helper was ended');
      expect(heard).toEqual([{ unansweredCalls: 2, helperRestarted: true }]);
      expect(helper.restarts()).toBe(1);
      // The stuck calls held the helper's threads, not this process's: its exit need not wait on them.
      expect(keychainCallsStuck()).toBe(0);

      await waitUntil(async () => (await store.get('company:1').catch(() => undefined)) === 'kept', 'a call went through the new helper');
      const { pids } = JSON.parse(readFileSync(stateFile, 'utf8')) as { pids: number[] };
      expect(pids).toHaveLength(2);
      expect(isAlive(pids[0] ?? 0)).toBe(false);
      expect(isAlive(pids[1] ?? 0)).toBe(true);
    } finally {
      stopListening();
    }
  });

  it('rejects an answer of the wrong shape, and every call still out when the helper dies', async () => {
    helper = createKeychainHelperBinding(forkKeychainHelper(fixture), 'linux');
    await expect(helper.getPassword('service', 'wrong shape')).rejects.toThrow('wrong shape');
    const out = helper.getPassword('service', 'wedge');
    const { pids } = JSON.parse(readFileSync(stateFile, 'utf8')) as { pids: number[] };
    process.kill(pids[0] ?? 0, 'SIGKILL');
    await expect(out).rejects.toThrow('ended before it answered');
    // A helper that died on its own is replaced at the next call, not counted as a restart.
    await helper.setPassword('service', 'after', 'value');
    expect(await helper.getPassword('service', 'after')).toBe('value');
    expect(helper.restarts()).toBe(0);
  });

  it('refuses calls after close, and close waits for the helper to exit', async () => {
    helper = createKeychainHelperBinding(forkKeychainHelper(fixture), 'linux');
    await helper.setPassword('service', 'a', 'b');
    const { pids } = JSON.parse(readFileSync(stateFile, 'utf8')) as { pids: number[] };
    await helper.close();
    expect(isAlive(pids[0] ?? 0)).toBe(false);
    await expect(helper.getPassword('service', 'a')).rejects.toThrow('closed');
  });
});

describe('keychain helper process, the built one', () => {
  const gate = useCliBuild();
  const builtHelper = (): string => join(dirname(builtCliPath()), 'keychain-helper.js');

  it('ends itself when the app it serves goes away', async () => {
    const child = fork(builtHelper(), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    await once(child, 'spawn');
    child.disconnect();
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    // SIGKILL when its own disconnect handler ended it first (as it must with a call stuck in libsecret).
    expect(code === 0 || signal === 'SIGKILL').toBe(true);
  });

  describe('against the real keychain', () => {
    skipUnlessAvailable(gate);

    it('ignores messages of another shape and answers the next good one', async () => {
    const child = fork(builtHelper(), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    try {
      child.send({ id: 1, call: 'getPassword', service: 'x' });
      child.send({ id: 'two', call: 'getPassword', service: 'x', account: 'y' });
      child.send({ id: 3, call: 'getPassword', service: uniqueKeychainService('helper-shape'), account: 'nobody' });
      const [answer] = (await once(child, 'message')) as [unknown];
      expect(answer).toEqual({ id: 3, ok: true, value: null });
    } finally {
      child.kill('SIGKILL');
    }
  });

    it('sets, gets, lists and deletes through the helper, as the app does', async () => {
      const binding = createKeychainHelperBinding(forkKeychainHelper(builtHelper()));
      const store = createKeytarSecretStore({ service: uniqueKeychainService('helper'), helper: binding });
      try {
        await store.set('alpha', 'secret-a');
        expect(await store.get('alpha')).toBe('secret-a');
        expect(await store.list()).toEqual([{ account: 'alpha', secret: 'secret-a' }]);
        expect(await store.delete('alpha')).toBe(true);
        expect(await store.get('alpha')).toBeNull();
      } finally {
        await removeAllSecrets(store);
        await binding.close();
      }
    });
  });
});

it('a helper that cannot load keytar makes every call keychain_module_missing', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'realmkeeper-helper-'));
  const entry = join(folder, 'no-keytar.mjs');
  // The real helper's answer when its native module is missing.
  writeFileSync(entry, "process.on('message', (r) => process.send({ id: r.id, ok: false, message: 'keytar.node: cannot open shared object file', moduleMissing: true }));");
  const binding = createKeychainHelperBinding(forkKeychainHelper(entry), 'linux');
  try {
    const store = createKeytarSecretStore({ platform: 'linux', helper: binding });
    const error = await store.get('anything').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeychainError);
    expect(error).toMatchObject({ code: 'keychain_module_missing' });
  } finally {
    await binding.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
