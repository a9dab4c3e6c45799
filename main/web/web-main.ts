import { runWebShell } from './run-web-shell';

/** The browser shell's entry point, built to dist/main/web.js. */
runWebShell().catch((error: unknown) => {
  process.stderr.write(`Realmkeeper could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
