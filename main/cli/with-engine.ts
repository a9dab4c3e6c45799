import { ConnectionEngine } from '../core/engine/connection-engine';
import type { CliContext } from './cli-context';

/** Opens the engine on the same data directory, database and keychain as the app, and always closes it. */
export async function withEngine<T>(context: CliContext, action: (engine: ConnectionEngine) => Promise<T>): Promise<T> {
  const engine = await ConnectionEngine.open({ env: context.env, now: context.now });
  try {
    return await action(engine);
  } finally {
    await engine.close();
  }
}
