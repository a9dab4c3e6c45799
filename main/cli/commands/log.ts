import { printLine, type CliContext } from '../cli-context';
import { UsageError } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { eventJson, formatEventLines } from '../format/event-lines';
import { maximumEventPageSize } from '../../core/storage/event-log';
import { withEngine } from '../with-engine';

const defaultLimit = 50;

export const logCommand: CommandDefinition = {
  name: 'log',
  synopsis: '[company] [--limit N] [--json]',
  summary: 'The event log, newest first: every token call with its outcome and intuit_tid',
  options: {
    json: { type: 'boolean', description: 'machine-readable output with ISO 8601 times' },
    limit: { type: 'string', description: `how many events (default ${defaultLimit}, at most ${maximumEventPageSize})`, valueName: 'N' },
  },
  positionals: { minimum: 0, maximum: 1 },
  run: runLog,
};

export async function runLog(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const limit = readLimit(input.values['limit']);
  const query = input.positionals[0];
  const { events, names } = await withEngine(context, async (engine) => {
    const company = query === undefined ? undefined : engine.findCompany(query);
    const page = engine.events({ companyId: company?.id, limit });
    return { events: page.events, names: new Map(engine.companies().map((view) => [view.id, view.name])) };
  });
  if (input.values['json'] === true) {
    printLine(context.stdout, JSON.stringify({ events: events.map((event) => eventJson(event, names)) }, null, 2));
  } else {
    for (const line of formatEventLines(events, names, context.now())) printLine(context.stdout, line);
  }
  return exitCodes.ok;
}

function readLimit(value: string | boolean | undefined): number {
  if (value === undefined) return defaultLimit;
  const limit = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > maximumEventPageSize) {
    throw new UsageError(`--limit needs a whole number from 1 to ${maximumEventPageSize}.`);
  }
  return limit;
}
