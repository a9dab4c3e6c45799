import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chaosKeyring } from './chaos-keyring';
import { chaosOptions, parseChaosArguments } from './chaos-options';
import { runChaos } from './chaos-run';

/** The chaos run's entry point, bundled by scripts/chaos.mjs; see chaos-options.ts for its arguments. */
async function main(): Promise<number> {
  const cliPath = process.env.REALMKEEPER_CHAOS_CLI;
  if (cliPath === undefined) throw new Error('REALMKEEPER_CHAOS_CLI (the built command line) is not set; run `npm run chaos`.');
  const parsed = parseChaosArguments(process.argv.slice(2));
  const { keyring, note } = await chaosKeyring();
  // Interrupted, the run still ends its processes and its keyring (exit handlers run on exit()).
  process.once('exit', () => keyring?.close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const options = chaosOptions(parsed, cliPath, keyring, (line) => console.log(`  ${line}`));
  console.log(`chaos seed ${options.seed} (replay: npm run chaos -- --seed ${options.seed}${parsed.short ? ' --short' : ''}${parsed.strict ? '' : ' --documented'})`);
  if (note !== undefined) console.log(`  ${note}`);
  const started = Date.now();
  try {
    const report = await runChaos(options);
    console.log(report.table);
    console.log(`took ${Math.round((Date.now() - started) / 1000)} s`);
    if (report.violations.length > 0) {
      const tracePath = join(tmpdir(), `realmkeeper-chaos-${options.seed}.json`);
      writeFileSync(tracePath, JSON.stringify(report.trace, null, 1));
      console.error(`the run's trace (commands, faults, Intuit's call log): ${tracePath}`);
      console.error(`FAIL seed ${options.seed}: ${report.violations[0] ?? ''}`);
      for (const violation of report.violations.slice(1, 20)) console.error(`  also: ${violation}`);
      return 1;
    }
    return 0;
  } finally {
    if (keyring !== undefined) keyring.close();
    else await forgetRunSecrets(options.keychainService);
  }
}

/** Without a keyring of its own the run used this session's: leave nothing of it there. */
async function forgetRunSecrets(service: string): Promise<void> {
  const { default: keytar } = await import('keytar');
  for (const credential of await keytar.findCredentials(service).catch(() => [])) {
    await keytar.deletePassword(service, credential.account).catch(() => false);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
