import { ConnectionEngine } from '../core/engine/connection-engine';
import { testKnobsFrom } from '../core/engine/test-knobs';
import type { CliContext } from './cli-context';
import { keychainWaitNotice } from './keychain-wait-notice';

/** Opens the engine on the same data directory, database and keychain as the app, and always closes it. */
export async function withEngine<T>(context: CliContext, action: (engine: ConnectionEngine) => Promise<T>): Promise<T> {
  // The context's clock already carries a test's offset (main.ts): the knobs' own clock would add it twice.
  const engine = await ConnectionEngine.open({ ...testKnobsFrom(context.env, context.now), env: context.env, now: context.now });
  const stopListening = engine.subscribe(keychainWaitNotice(context));
  try {
    return await action(engine);
  } finally {
    stopListening();
    await engine.close();
  }
}
