import { PrivateKeyring } from '../support/private-keyring';
import { gnomeKeyringToolsGate } from '../support/system-requirements';

/**
 * A keyring of the run's own (a private D-Bus session and gnome-keyring), so that locking it
 * mid-run disturbs nothing else; undefined, with the reason, where gnome-keyring is missing.
 */
export async function chaosKeyring(): Promise<{ keyring: PrivateKeyring | undefined; note: string | undefined }> {
  const gate = gnomeKeyringToolsGate();
  if (!gate.run) return { keyring: undefined, note: `${gate.reason}: the run uses this session's keychain and never locks it` };
  return { keyring: await PrivateKeyring.start(), note: undefined };
}
