import { createInterface } from 'node:readline';
import { createKeytarSecretStore } from '../../../main/core/keychain/keytar-secret-store';

/**
 * A long-lived process making keychain calls several at a time, as the app's launch pass does:
 * for each line on stdin, three writes and reads at once, then one line of JSON saying how each
 * ended and how long the burst took.
 */
const store = createKeytarSecretStore({ service: process.argv[2] ?? 'realmkeeper-concurrent-test' });
let burst = 0;
createInterface({ input: process.stdin }).on('line', () => {
  burst += 1;
  const started = Date.now();
  const one = async (index: number): Promise<string> => {
    try {
      await store.set(`account-${index}`, `value-${burst}`);
      return (await store.get(`account-${index}`)) === `value-${burst}` ? 'ok' : 'read back wrong';
    } catch (error) {
      return (error as { code?: string }).code ?? 'unexpected error';
    }
  };
  void Promise.all([one(1), one(2), one(3)]).then((outcomes) => process.stdout.write(`${JSON.stringify({ outcomes, ms: Date.now() - started })}\n`));
});
