import type { EngineEvent } from '../core/engine/engine-event';
import { redact } from '../core/redaction/redact-text';
import { printLine, type CliContext } from './cli-context';
import { oneLine } from './cli-failure';

/**
 * Keys Intuit issued that the keychain will not take yet exist only in this process: say so at
 * once, while the bookkeeper can still unlock the keychain, not when the command ends.
 */
export function keychainWaitNotice(context: CliContext): (event: EngineEvent) => void {
  const told = new Set<string>();
  return (event) => {
    if (event.kind !== 'keychain_save_pending' || told.has(event.companyId)) return;
    told.add(event.companyId);
    printLine(context.stderr, `realmkeeper: ${oneLine(redact(event.detail))} Waiting for the keychain…`);
  };
}
