import { printLine, type CliContext } from '../cli-context';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { withEngine } from '../with-engine';

export const disconnectCommand: CommandDefinition = {
  name: 'disconnect',
  synopsis: '<company>',
  summary: 'Revoke the connection at Intuit and forget the company here',
  options: {},
  positionals: { minimum: 1, maximum: 1 },
  run: runDisconnect,
};

/**
 * The company is removed here even when Intuit cannot be told (that is what the bookkeeper asked
 * for), so the exit code is 0 either way; the warning says what is left to do in QuickBooks.
 */
export async function runDisconnect(context: CliContext, input: CommandInput): Promise<ExitCode> {
  return withEngine(context, async (engine) => {
    const company = engine.findCompany(input.positionals[0] ?? '');
    const { companyName, revoke } = await engine.disconnect(company.id);
    if (revoke.kind === 'revoked') {
      printLine(context.stdout, `Disconnected ${companyName}: Intuit revoked the connection${revoke.intuitTid === undefined ? '' : ` (intuit_tid ${revoke.intuitTid})`}.`);
      return exitCodes.ok;
    }
    printLine(context.stdout, `Removed ${companyName} from Realmkeeper.`);
    const why = revoke.kind === 'refused' ? `Intuit answered HTTP ${revoke.status}` : revoke.detail;
    printLine(context.stderr, `Intuit could not be told (${revoke.kind}: ${why}). To end the connection at Intuit too, disconnect Realmkeeper from ${companyName} in QuickBooks (Settings > Apps).`);
    return exitCodes.ok;
  });
}
