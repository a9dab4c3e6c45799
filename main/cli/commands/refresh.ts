import { printLine, type CliContext } from '../cli-context';
import { UsageError } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { refreshOutcome } from '../refresh-outcome';
import { withEngine } from '../with-engine';

export const refreshCommand: CommandDefinition = {
  name: 'refresh',
  synopsis: '<company> | --all',
  summary: 'Refresh now, even when the token is still fresh (through the same lease as the app)',
  options: { all: { type: 'boolean', description: 'every connected company' } },
  positionals: { minimum: 0, maximum: 1 },
  run: runRefresh,
};

export async function runRefresh(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const all = input.values['all'] === true;
  const query = input.positionals[0];
  if (all === (query !== undefined)) throw new UsageError('Name one company to refresh, or pass --all: realmkeeper refresh <company> | --all');
  return withEngine(context, async (engine) => {
    let worst: ExitCode = exitCodes.ok;
    const views = all ? engine.companies() : [];
    // A company that needs reconnecting has no working refresh token: sending it again helps nobody.
    for (const broken of views.filter((company) => company.status === 'needs_reconnect')) {
      printLine(context.stderr, `${broken.name} needs reconnecting (${broken.cause ?? 'unknown cause'}); skipped. Fix: ${broken.fix ?? 'reconnect it.'}`);
      worst = exitCodes.company;
    }
    const companies = all ? views.filter((company) => company.status !== 'needs_reconnect') : [engine.findCompany(query ?? '')];
    if (views.length === 0 && all) {
      printLine(context.stdout, 'No company is connected.');
      return exitCodes.ok;
    }
    // One after the other: Intuit throttles per app, and the output stays in order.
    for (const company of companies) {
      const outcome = refreshOutcome(company.name, await engine.refresh(company.id, { force: true }), context.now());
      printLine(outcome.exitCode === exitCodes.ok ? context.stdout : context.stderr, outcome.message);
      if (worst === exitCodes.ok) worst = outcome.exitCode;
    }
    return worst;
  });
}
