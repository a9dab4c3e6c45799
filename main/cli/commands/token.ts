import { printLine, type CliContext } from '../cli-context';
import { CliFailure } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { refreshOutcome } from '../refresh-outcome';
import { withEngine } from '../with-engine';

export const tokenCommand: CommandDefinition = {
  name: 'token',
  synopsis: '<company>',
  summary: 'Print a valid access token and nothing else (for scripts), refreshing through the lease if needed',
  options: {},
  positionals: { minimum: 1, maximum: 1 },
  run: runToken,
};

/**
 * The one command whose stdout is a secret, on purpose: scripts take their access token from
 * here, so nothing but Realmkeeper ever holds the refresh token or refreshes it.
 */
export async function runToken(context: CliContext, input: CommandInput): Promise<ExitCode> {
  return withEngine(context, async (engine) => {
    const company = engine.findCompany(input.positionals[0] ?? '');
    const result = await engine.getAccessToken(company.id);
    if (result.kind !== 'token') {
      const outcome = refreshOutcome(company.name, result, context.now());
      throw new CliFailure(outcome.exitCode === exitCodes.ok ? exitCodes.failure : outcome.exitCode, outcome.message);
    }
    printLine(context.stdout, result.accessToken);
    return exitCodes.ok;
  });
}
