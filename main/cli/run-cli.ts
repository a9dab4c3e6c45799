import { redact } from '../core/redaction/redact-text';
import { appVersion } from './app-version';
import { printLine, type CliContext } from './cli-context';
import { describeFailure } from './cli-failure';
import { commandsFor } from './commands/all-commands';
import { exitCodes, type ExitCode } from './exit-codes';
import { parseCommandLine } from './parse-command-line';
import { commandUsage, generalUsage } from './usage';

/** Variable that, when 1, adds the (redacted) stack of an unexpected error to its one line. */
export const debugVariable = 'REALMKEEPER_DEBUG';

/**
 * Runs one command line and returns the exit code. Every failure ends here as one line on
 * stderr, `realmkeeper: …`; only an unexpected one (a bug) may add a stack, and only when asked.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  try {
    const commands = await commandsFor(argv);
    const commandLine = parseCommandLine(argv, commands);
    switch (commandLine.kind) {
      case 'help':
        printLine(context.stdout, commandLine.command === undefined ? generalUsage(commands) : commandUsage(commandLine.command));
        return exitCodes.ok;
      case 'version':
        printLine(context.stdout, `realmkeeper ${appVersion() ?? 'unknown version'}`);
        return exitCodes.ok;
      case 'run':
        return await commandLine.command.run(context, commandLine.input);
    }
  } catch (error) {
    const failure = describeFailure(error);
    printLine(context.stderr, `realmkeeper: ${failure.message}`);
    if (!failure.expected) {
      if (context.env[debugVariable] === '1' && error instanceof Error && error.stack !== undefined) printLine(context.stderr, redact(error.stack));
      else printLine(context.stderr, `realmkeeper: this looks like a bug; run again with ${debugVariable}=1 for details, and report it.`);
    }
    return failure.exitCode;
  }
}
