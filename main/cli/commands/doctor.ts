import { runDoctor } from '../../core/engine/doctor';
import { printLine, type CliContext } from '../cli-context';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { formatDoctorReport } from '../format/doctor-report';

export const doctorCommand: CommandDefinition = {
  name: 'doctor',
  synopsis: '[--json]',
  summary: 'Check the keychain, the database, each environment\'s settings and endpoints, with the fix',
  options: { json: { type: 'boolean', description: 'machine-readable output' } },
  positionals: { minimum: 0, maximum: 0 },
  run: runDoctorCommand,
};

/** Exits 1 when any check is a problem, so `realmkeeper doctor && …` works in scripts. */
export async function runDoctorCommand(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const report = await runDoctor({ env: context.env });
  if (input.values['json'] === true) printLine(context.stdout, JSON.stringify(report, null, 2));
  else for (const line of formatDoctorReport(report)) printLine(context.stdout, line);
  return report.healthy ? exitCodes.ok : exitCodes.failure;
}
