import { printLine, type CliContext } from '../cli-context';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { withEngine } from '../with-engine';

export const disconnectCommand: CommandDefinition = {
  name: 'disconnect',
  synopsis: '<company>',
  summary: 'Revoke the connection at Intuit and forget the company here',
  options: { anyway: { type: 'boolean', description: 'forget the company here even if Intuit cannot be told' } },
  positionals: { minimum: 1, maximum: 1 },
  run: runDisconnect,
};

/**
 * When Intuit cannot be told, the company is kept (exit 7): forgetting it would leave a live
 * connection at Intuit that nobody here knows of. `--anyway` forgets it all the same (exit 0),
 * and the warning says what is left to do in QuickBooks.
 */
export async function runDisconnect(context: CliContext, input: CommandInput): Promise<ExitCode> {
  return withEngine(context, async (engine) => {
    const company = engine.findCompany(input.positionals[0] ?? '');
    const { companyName, revoke } = await engine.disconnect(company.id, { forgetIfIntuitUnreachable: input.values['anyway'] === true });
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
