import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildSupportBundle } from '../../core/engine/support-bundle';
import { appVersion } from '../app-version';
import { printLine, type CliContext } from '../cli-context';
import { CliFailure } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { withEngine } from '../with-engine';

export const exportBundleCommand: CommandDefinition = {
  name: 'export-bundle',
  synopsis: '<file> [--force]',
  summary: 'Write a support bundle (event log, companies, settings; no secrets) as JSON',
  options: { force: { type: 'boolean', description: 'overwrite the file if it exists' } },
  positionals: { minimum: 1, maximum: 1 },
  run: runExportBundle,
};

export async function runExportBundle(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const file = resolve(input.positionals[0] ?? '');
  const bundle = await withEngine(context, async (engine) => buildSupportBundle(engine, { now: context.now(), appVersion: appVersion() }));
  try {
    // `wx` unless told otherwise: a bundle never silently replaces a file the bookkeeper kept.
    await writeFile(file, `${JSON.stringify(bundle, null, 2)}\n`, { flag: input.values['force'] === true ? 'w' : 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST') throw new CliFailure(exitCodes.failure, `${file} already exists; choose another name or pass --force to replace it.`);
    throw new CliFailure(exitCodes.failure, `Could not write ${file} (${typeof code === 'string' ? code : 'write failed'}).`);
  }
  printLine(context.stdout, `Wrote the support bundle to ${file}: ${bundle.events.length} events, ${bundle.companies.length} companies, settings without secrets.`);
  return exitCodes.ok;
}
