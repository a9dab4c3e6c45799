import { printLine, type CliContext } from '../cli-context';
import { CliFailure } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { refreshOutcome } from '../refresh-outcome';
import { withEngine } from '../with-engine';

export const testCommand: CommandDefinition = {
  name: 'test',
  synopsis: '<company>',
  summary: "Ask QuickBooks for the company's CompanyInfo with its access token",
  options: {},
  positionals: { minimum: 1, maximum: 1 },
  run: runTestConnection,
};

export async function runTestConnection(context: CliContext, input: CommandInput): Promise<ExitCode> {
  return withEngine(context, async (engine) => {
    const company = engine.findCompany(input.positionals[0] ?? '');
    const result = await engine.testConnection(company.id);
    switch (result.kind) {
      case 'ok':
        printLine(context.stdout, `QuickBooks answered for ${result.companyName} (${company.environment}, realm ${company.realmId})${result.intuitTid === undefined ? '' : `, intuit_tid ${result.intuitTid}`}.`);
        return exitCodes.ok;
      case 'token_unavailable': {
        const outcome = refreshOutcome(company.name, result.result, context.now());
        throw new CliFailure(outcome.exitCode, outcome.message);
      }
      case 'api_refused': {
        const { outcome } = result;
        const tid = outcome.intuitTid === undefined ? '' : ` (intuit_tid ${outcome.intuitTid})`;
        switch (outcome.kind) {
          case 'unauthorized':
            throw new CliFailure(exitCodes.company, `QuickBooks refused ${company.name}'s access token even after a refresh${tid}. Run \`realmkeeper refresh ${company.realmId}\`, and reconnect if it fails.`);
          case 'forbidden':
            throw new CliFailure(exitCodes.failure, `QuickBooks says the user who connected ${company.name} may not read its company information${tid}. Reconnect with an administrator.`);
          case 'wrong_environment':
            throw new CliFailure(exitCodes.configuration, `QuickBooks says ${company.name} is not a ${company.environment} company${tid}. Check ${company.environment}.apiBaseUrl with \`realmkeeper config\`.`);
          case 'throttled':
            throw new CliFailure(exitCodes.unreachable, `QuickBooks is throttling requests for ${company.name}${tid}; try again in ${outcome.retryAfterSeconds} seconds.`);
          case 'unavailable':
            throw new CliFailure(exitCodes.unreachable, `QuickBooks did not answer for ${company.name}: ${outcome.detail}${tid}.`);
        }
      }
    }
  });
}
