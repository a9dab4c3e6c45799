import { printLine, type CliContext } from '../cli-context';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { companyStatusJson, formatCompanyStatus } from '../format/company-status';
import { withEngine } from '../with-engine';

export const statusCommand: CommandDefinition = {
  name: 'status',
  synopsis: '[--json]',
  summary: 'Every company: status, last refresh, token expiries, and the fix when broken',
  options: { json: { type: 'boolean', description: 'machine-readable output with ISO 8601 times' } },
  positionals: { minimum: 0, maximum: 0 },
  run: runStatus,
};

export async function runStatus(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const companies = await withEngine(context, async (engine) => engine.companies());
  if (input.values['json'] === true) {
    printLine(context.stdout, JSON.stringify({ companies: companies.map(companyStatusJson) }, null, 2));
  } else {
    for (const line of formatCompanyStatus(companies, context.now())) printLine(context.stdout, line);
  }
  return exitCodes.ok;
}
