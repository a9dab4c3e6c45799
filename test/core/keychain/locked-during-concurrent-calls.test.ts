import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChildScript, runChildScript, type BuiltScript, type RunningChild } from '../../support/child-script';
import { PrivateKeyring } from '../../support/private-keyring';
import { gnomeKeyringToolsGate } from '../../support/system-requirements';

/**
 * Found by the chaos run: with gnome-keyring, libsecret calls made by one process at once never
 * return when the keyring is locked under them, and the app's keep-alive stopped for good. A
 * process's calls now run one at a time: each fails at once while locked and works once unlocked.
 */
describe('keychain calls made at once while the keyring is locked', () => {
  let keyring: PrivateKeyring | undefined;
  let script: BuiltScript | undefined;
  let child: RunningChild | undefined;
  const gate = gnomeKeyringToolsGate();

  beforeAll(async () => {
    if (!gate.run) return;
    keyring = await PrivateKeyring.start();
    script = await buildChildScript(`${import.meta.dirname}/concurrent-calls-child.ts`, ['keytar']);
    child = runChildScript(script, ['realmkeeper-concurrent-test'], { ...process.env, ...keyring.env });
  }, 120_000);
  afterAll(() => {
    child?.kill();
    script?.remove();
    keyring?.close();
  });

  const burst = async (): Promise<{ outcomes: string[] }> => {
    child?.process.stdin.write('burst\n');
    return JSON.parse((await child?.nextLine()) ?? '{}') as { outcomes: string[] };
  };

  it('each fails with the keychain locked instead of waiting forever, and all work once it is unlocked', async (context) => {
    if (!gate.run || keyring === undefined) return context.skip(gate.reason);
    expect((await burst()).outcomes).toEqual(['ok', 'ok', 'ok']);
    keyring.lock();
    const locked = await burst();
    expect(locked.outcomes).toHaveLength(3);
    expect(locked.outcomes).not.toContain('ok');
    await keyring.unlock();
    expect((await burst()).outcomes).toEqual(['ok', 'ok', 'ok']);
  }, 20_000);
});
