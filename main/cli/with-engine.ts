import { ConnectionEngine } from '../core/engine/connection-engine';
import { testKnobsFrom } from '../core/engine/test-knobs';
import { redact } from '../core/redaction';
import { printLine, type CliContext } from './cli-context';
import { oneLine } from './cli-failure';

/** Opens the engine on the same data directory, database and keychain as the app, and always closes it. */
export async function withEngine<T>(context: CliContext, action: (engine: ConnectionEngine) => Promise<T>): Promise<T> {
  // The context's clock already carries a test's offset (main.ts): the knobs' own clock would add it twice.
  const engine = await ConnectionEngine.open({ ...testKnobsFrom(context.env, context.now), env: context.env, now: context.now });
  const told = new Set<string>();
  // Keys Intuit issued that the keychain will not take yet exist only in this process: say so at
  // once, while the bookkeeper can still unlock the keychain, not when the command ends.
  const stopListening = engine.subscribe((event) => {
    if (event.kind !== 'keychain_save_pending' || told.has(event.companyId)) return;
    told.add(event.companyId);
    printLine(context.stderr, `realmkeeper: ${oneLine(redact(event.detail))} Waiting for the keychain…`);
  });
  try {
    return await action(engine);
  } finally {
    stopListening();
    await engine.close();
  }
}
