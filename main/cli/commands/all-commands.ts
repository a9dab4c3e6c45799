import type { CommandDefinition } from '../command-definition';

interface CommandModule {
  readonly name: string;
  readonly load: () => Promise<CommandDefinition>;
}

/**
 * In the order --help lists them: the everyday ones first. Each command's module is loaded only
 * when it is asked for, so `realmkeeper token` (which scripts start all day) does not compile
 * `doctor`, `connect` or the whole engine behind them (`npm run bench`).
 */
const commandModules: readonly CommandModule[] = [
  { name: 'status', load: async () => (await import('./status')).statusCommand },
  { name: 'connect', load: async () => (await import('./connect')).connectCommand },
  { name: 'refresh', load: async () => (await import('./refresh')).refreshCommand },
  { name: 'test', load: async () => (await import('./test-connection')).testCommand },
  { name: 'token', load: async () => (await import('./token')).tokenCommand },
  { name: 'disconnect', load: async () => (await import('./disconnect')).disconnectCommand },
  { name: 'log', load: async () => (await import('./log')).logCommand },
  { name: 'config', load: async () => (await import('./config')).configCommand },
  { name: 'doctor', load: async () => (await import('./doctor')).doctorCommand },
  { name: 'export-bundle', load: async () => (await import('./export-bundle')).exportBundleCommand },
];

export function allCommands(): Promise<CommandDefinition[]> {
  return Promise.all(commandModules.map((module) => module.load()));
}

/** The command a command line names first, alone; every command for help, a version or a mistake. */
export async function commandsFor(argv: readonly string[]): Promise<CommandDefinition[]> {
  const named = commandModules.find((module) => module.name === argv[0]);
  return named === undefined ? allCommands() : [await named.load()];
}
