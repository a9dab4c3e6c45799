import { parseHelperRequest, type KeychainHelperAnswer, type KeychainHelperRequest } from '../core/keychain/keychain-helper-protocol';
import { keychainBackendFor } from '../core/keychain/keychain-backend';
import { loadKeytarBinding, type KeytarBinding } from '../core/keychain/keytar-secret-store';
import { loadKeytarModule } from '../core/system/native-modules';

/**
 * The keychain helper process (dist/main/keychain-helper.js): makes the app's keytar calls so that
 * a call libsecret never answers can be ended with the process (see core/keychain/keychain-helper.ts).
 * It runs as a Node child (browser shell) or an Electron utility process; it holds no state, and
 * it ends when the app's channel to it closes.
 */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;

function reply(answer: KeychainHelperAnswer): void {
  if (parentPort !== undefined) parentPort.postMessage(answer);
  else process.send?.(answer);
}

let keytar: Promise<KeytarBinding> | undefined;

function loadKeytar(): Promise<KeytarBinding> {
  keytar ??= loadKeytarBinding(loadKeytarModule, keychainBackendFor(process.platform));
  return keytar;
}

async function answer(request: KeychainHelperRequest): Promise<void> {
  let binding: KeytarBinding;
  try {
    binding = await loadKeytar();
  } catch (error) {
    reply({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), moduleMissing: true });
    return;
  }
  try {
    const value =
      request.call === 'getPassword'
        ? await binding.getPassword(request.service, request.account)
        : request.call === 'setPassword'
          ? await binding.setPassword(request.service, request.account, request.secret)
          : request.call === 'deletePassword'
            ? await binding.deletePassword(request.service, request.account)
            : await binding.findCredentials(request.service);
    reply({ id: request.id, ok: true, value });
  } catch (error) {
    reply({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), moduleMissing: false });
  }
}

function receive(message: unknown): void {
  const request = parseHelperRequest(message);
  // Only the app talks to this process; a message of another shape is dropped, not guessed at.
  if (request !== undefined) void answer(request);
}

if (parentPort !== undefined) {
  parentPort.on('message', (event) => receive(event.data));
} else {
  process.on('message', receive);
  // The app is gone (quit or killed). A call stuck in libsecret would hold a normal exit, so end at once.
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
