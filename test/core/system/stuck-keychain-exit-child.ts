import { readFile } from 'node:fs/promises';
import { createKeytarSecretStore } from '../../../main/core/keychain/keytar-secret-store';
import { exitProcess } from '../../../main/core/system/exit-process';

/**
 * A process whose keychain never answers: the fake keytar opens a FIFO nobody writes to, which
 * holds one of Node's worker threads as a stuck libsecret call does. Argument: the FIFO's path,
 * or "none" for a keychain that answers.
 */
const fifo = process.argv[2] ?? 'none';
const binding = {
  getPassword: async () => (fifo === 'none' ? 'answered' : (await readFile(fifo, 'utf8'))),
  setPassword: () => Promise.resolve(),
  deletePassword: () => Promise.resolve(true),
  findCredentials: () => Promise.resolve([]),
};
const store = createKeytarSecretStore({ platform: 'linux', callTimeoutMs: 200, loadBinding: () => Promise.resolve({ default: binding }) });
store.get('account').then(
  (value) => {
    process.stdout.write(`read ${value ?? 'nothing'}\n`);
    exitProcess(0);
  },
  (error: unknown) => {
    process.stdout.write(`failed ${(error as { code?: string }).code ?? 'unexpected'}\n`);
    exitProcess(5);
  },
);
