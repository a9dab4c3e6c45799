import type { CommandDefinition } from './command-definition';
import { exitCodeDescriptions } from './exit-codes';

export function generalUsage(commands: readonly CommandDefinition[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: realmkeeper <command> [options]',
    '',
    'Keeps your QuickBooks Online connections alive. Safe to run while the Realmkeeper app runs:',
    'both use the same database, keychain and refresh leases.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'A company is named by its realm id or by (a unique beginning of) its name.',
    '`realmkeeper <command> --help` shows a command\'s options.',
    '',
    exitCodesSection(),
  ].join('\n');
}

export function commandUsage(command: CommandDefinition): string {
  const options = Object.entries(command.options);
  const width = Math.max(0, ...options.map(([name, option]) => optionLabel(name, option.valueName).length));
  return [
    `Usage: realmkeeper ${command.name} ${command.synopsis}`.trimEnd(),
    '',
    command.summary,
    ...(options.length === 0 ? [] : ['', 'Options:', ...options.map(([name, option]) => `  ${optionLabel(name, option.valueName).padEnd(width)}  ${option.description}`)]),
    '',
    exitCodesSection(),
  ].join('\n');
}

function optionLabel(name: string, valueName: string | undefined): string {
  return valueName === undefined ? `--${name}` : `--${name} <${valueName}>`;
}

function exitCodesSection(): string {
  return ['Exit codes:', ...exitCodeDescriptions.map(([code, description]) => `  ${String(code).padStart(3)}  ${description}`)].join('\n');
}
