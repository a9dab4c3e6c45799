import { testKnobsFrom } from '../core/engine/test-knobs';
import { TokenAccess } from '../core/engine/token-access';
import type { CliContext } from './cli-context';
import { keychainWaitNotice } from './keychain-wait-notice';

/** `withEngine` for `realmkeeper token`: the token keeper alone, on the same folder, database and keychain. */
export async function withTokenAccess<T>(context: CliContext, action: (access: TokenAccess) => Promise<T>): Promise<T> {
  // The context's clock already carries a test's offset (main.ts): the knobs' own clock would add it twice.
  const access = await TokenAccess.open({ ...testKnobsFrom(context.env, context.now), env: context.env, now: context.now });
  const stopListening = access.subscribe(keychainWaitNotice(context));
  try {
    return await action(access);
  } finally {
    stopListening();
    await access.close();
  }
}
