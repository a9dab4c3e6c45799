import { parseArgs } from 'node:util';
import { UsageError } from './cli-failure';
import type { CommandDefinition, CommandInput } from './command-definition';

export type CommandLine =
  | { readonly kind: 'help'; readonly command: CommandDefinition | undefined }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: CommandDefinition; readonly input: CommandInput };

/** `realmkeeper <command> [options] [arguments]`; throws UsageError for anything it cannot read. */
export function parseCommandLine(argv: readonly string[], commands: readonly CommandDefinition[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    return { kind: 'help', command: topic === undefined ? undefined : findCommand(topic, commands) };
  }
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first.startsWith('-')) throw new UsageError(`Put the command first, then its options (got ${first}). \`realmkeeper --help\` lists the commands.`);
  const command = findCommand(first, commands);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    // parseArgs explains well ("Unknown option '--x'"); only its hint about `--` is noise here.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${message}. \`realmkeeper ${command.name} --help\` shows the options.`);
  }
  if (parsed.values['help'] === true) return { kind: 'help', command };
  const count = parsed.positionals.length;
  if (count < command.positionals.minimum || count > command.positionals.maximum) {
    throw new UsageError(`Usage: realmkeeper ${command.name} ${command.synopsis}`.trim());
  }
  return { kind: 'run', command, input: { values: parsed.values, positionals: parsed.positionals } };
}

function findCommand(name: string, commands: readonly CommandDefinition[]): CommandDefinition {
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    throw new UsageError(`"${name}" is not a realmkeeper command. Commands: ${commands.map((candidate) => candidate.name).join(', ')}.`);
  }
  return command;
}
