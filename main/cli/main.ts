import { testKnobsFrom } from '../core/engine/test-knobs';
import { exitProcess } from '../core/system/exit-process';
import { runCli } from './run-cli';

/** The `realmkeeper` command, as built to dist/main/cli.js and started by bin/realmkeeper.js. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    now: commandClock(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    // Loaded when a command opens a browser (connect), not by every command.
    openBrowser: async (url) => (await import('../core/system/open-in-browser')).openInBrowser(url),
    onInterrupt: (listener) => {
      process.on('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    },
  });
  // Exit explicitly once the output is flushed: an idle keep-alive socket to Intuit or the
  // keychain's D-Bus connection must not hold a script waiting for `realmkeeper token`.
  exitProcess(code);
}

/**
 * A test's clock offset applies to what the command says ("tries again in …") as to the engine.
 * A malformed one is reported by the engine, as a clear error, when the command opens it.
 */
function commandClock(): () => number {
  try {
    return testKnobsFrom(process.env, Date.now).now ?? Date.now;
  } catch {
    return Date.now;
  }
}

void main();
