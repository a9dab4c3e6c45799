import { attentionReason } from '../../core/engine/company-view';
import { printLine, type CliContext } from '../cli-context';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { companyStatusJson, formatCompanyStatus, formatCompanyTable, statusSummaryLine } from '../format/company-status';
import { withEngine } from '../with-engine';

/** Above this many companies the blocks get long: one table line per company reads better. */
const tableFrom = 10;

export const statusCommand: CommandDefinition = {
  name: 'status',
  synopsis: '[--needs-attention] [--table] [--json]',
  summary: 'A summary line, then every company: status, last check, token expiries, and the fix when broken',
  options: {
    json: { type: 'boolean', description: 'machine-readable output with ISO 8601 times' },
    'needs-attention': { type: 'boolean', description: 'only the companies that need reconnecting, are retrying, or expire within 30 days' },
    table: { type: 'boolean', description: `one line per company under column headers (the default from ${tableFrom} companies)` },
  },
  positionals: { minimum: 0, maximum: 0 },
  run: runStatus,
};

/** Exits 9 when any company needs attention, so a scheduled `realmkeeper status` can raise the alarm. */
export async function runStatus(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const now = context.now();
  const all = await withEngine(context, async (engine) => engine.companies());
  const needing = all.filter((company) => attentionReason(company, now) !== null);
  const shown = input.values['needs-attention'] === true ? needing : all;
  if (input.values['json'] === true) {
    printLine(context.stdout, JSON.stringify({ summary: statusSummaryLine(all, now), companies: shown.map((company) => companyStatusJson(company, now)) }, null, 2));
  } else {
    printLine(context.stdout, statusSummaryLine(all, now));
    if (all.length > 0 && shown.length > 0) {
      printLine(context.stdout, '');
      const table = input.values['table'] === true || shown.length >= tableFrom;
      for (const line of table ? formatCompanyTable(shown, now) : formatCompanyStatus(shown, now)) printLine(context.stdout, line);
    } else if (all.length === 0) {
      for (const line of formatCompanyStatus(all, now)) printLine(context.stdout, line);
    }
  }
  return needing.length > 0 ? exitCodes.needsAttention : exitCodes.ok;
}
