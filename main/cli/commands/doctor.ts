import { attentionReason, type CompanyView } from '../../core/engine/company-view';
import { runDoctor, type DoctorCheck, type DoctorReport } from '../../core/engine/doctor';
import { printLine, type CliContext } from '../cli-context';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { formatDoctorReport } from '../format/doctor-report';
import { withEngine } from '../with-engine';

export const doctorCommand: CommandDefinition = {
  name: 'doctor',
  synopsis: '[--json]',
  summary: "Check the keychain, the database, each environment's settings and endpoints, and the companies needing attention, with the fix",
  options: { json: { type: 'boolean', description: 'machine-readable output' } },
  positionals: { minimum: 0, maximum: 0 },
  run: runDoctorCommand,
};

/** A company needing reconnecting is a problem; one retrying or about to expire is worth a warning. */
export function companiesCheck(companies: readonly CompanyView[], now: number): DoctorCheck {
  const broken = companies.filter((company) => attentionReason(company, now) === 'needs_reconnect');
  const shaky = companies.filter((company) => {
    const reason = attentionReason(company, now);
    return reason === 'retrying' || reason === 'expiring';
  });
  const names = (list: readonly CompanyView[]) => list.map((company) => company.name).slice(0, 10).join(', ') + (list.length > 10 ? ` and ${list.length - 10} more` : '');
  if (broken.length > 0) {
    return {
      name: 'companies',
      severity: 'problem',
      code: 'companies_need_reconnecting',
      summary: `${broken.length} of ${companies.length} need reconnecting: ${names(broken)}`,
      fix: 'Reconnect them in the app (Reconnect all), or with `realmkeeper connect --env <env> --reconnect <company>`; `realmkeeper status --needs-attention` lists each with its cause.',
    };
  }
  if (shaky.length > 0) {
    return {
      name: 'companies',
      severity: 'warning',
      code: 'companies_need_attention',
      summary: `${shaky.length} of ${companies.length} retrying or expiring within 30 days: ${names(shaky)}`,
      fix: 'Keep Realmkeeper running so it refreshes them; `realmkeeper status --needs-attention` shows when.',
    };
  }
  return { name: 'companies', severity: 'ok', summary: companies.length === 0 ? 'none connected yet' : `all ${companies.length} connected` };
}

/** Exits 1 when any check is a problem, so `realmkeeper doctor && …` works in scripts. */
export async function runDoctorCommand(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const report = await runDoctor({ env: context.env });
  const withCompanies = await addCompaniesCheck(context, report);
  if (input.values['json'] === true) printLine(context.stdout, JSON.stringify(withCompanies, null, 2));
  else for (const line of formatDoctorReport(withCompanies)) printLine(context.stdout, line);
  return withCompanies.healthy ? exitCodes.ok : exitCodes.failure;
}

/** The companies are read only when the database opened; a broken database is already its own problem above. */
async function addCompaniesCheck(context: CliContext, report: DoctorReport): Promise<DoctorReport> {
  if (report.checks.some((check) => check.name === 'database' && check.severity === 'problem')) return report;
  let check: DoctorCheck;
  try {
    check = companiesCheck(await withEngine(context, async (engine) => engine.companies()), context.now());
  } catch {
    return report;
  }
  return { ...report, checks: [...report.checks, check], healthy: report.healthy && check.severity !== 'problem' };
}
