import { ConnectionEngine } from '../../../main/core/engine/connection-engine';
import type { SimulatorAdmin } from '../../support/simulator-admin';

/** A name per client, as a bookkeeper's list reads: mixed trades, unique, sortable. */
export function clientName(index: number): string {
  const trades = ['Bakery', 'Dental LLC', 'Landscaping Inc.', 'Taqueria', 'Books & Co'];
  return `Client ${String(index).padStart(3, '0')} ${trades[index % trades.length]}`;
}

const seedConcurrency = 6;

/**
 * Connects companies for real before the app starts: each is added to the simulator, then goes
 * through the engine's own connect flow (consent on the simulator, the loopback redirect, the
 * code exchange, the keychain), with the same data folder and keychain the app will open.
 * Faster than the window for 300 companies, and the same stored result.
 */
export async function seedConnectedCompanies(input: {
  readonly env: Record<string, string>;
  readonly admin: SimulatorAdmin;
  readonly names: readonly string[];
}): Promise<void> {
  await withSeedEngine(input.env, async (engine) => {
    const existing = new Map((await input.admin.companies('sandbox')).map((company) => [company.companyName, company.realmId]));
    const queue = [...input.names];
    const connectNext = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const realmId = existing.get(name) ?? (await input.admin.addCompany({ environment: 'sandbox', companyName: name })).realmId;
        const started = await engine.connect({ environment: 'sandbox' });
        const { redirectUrl } = await input.admin.connect({ authorizationUrl: started.authorizationUrl, realmId });
        const answer = await fetch(redirectUrl, { redirect: 'manual' });
        await answer.text();
        const attempt = await engine.waitForAttempt(started.attempt.attemptId);
        if (attempt.state.step !== 'connected') throw new Error(`${name} did not connect: ${attempt.state.step}`);
      }
    };
    // A few bookkeepers' browsers at once: the engine's flow is built for concurrent attempts.
    await Promise.all(Array.from({ length: seedConcurrency }, () => connectNext()));
  });
}

/** An engine on the app's data folder and keychain, closed afterwards (for set-up the app then reads). */
export async function withSeedEngine<T>(env: Record<string, string>, action: (engine: ConnectionEngine) => Promise<T>): Promise<T> {
  const offset = Number(env['REALMKEEPER_CLOCK_OFFSET_MS'] ?? '0');
  const engine = await ConnectionEngine.open({ env, callbackLingerMs: 0, now: () => Date.now() + offset });
  try {
    return await action(engine);
  } finally {
    await engine.close();
  }
}
