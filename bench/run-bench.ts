import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchOptions, fullScale, tinyScale, type BenchOptions } from './bench-options';
import { benchKeys } from './bench-keys';
import { BenchReport, loadDescription, machineDescription } from './bench-report';
import { BenchWorld } from './bench-world';
import { benchColdStart, runColdStartChild } from './cold-start';
import { benchContention } from './contention';
import { probeSystemKeychain, rerunInsideKeyringSession } from './keyring-session';
import { benchLaunchRefresh } from './launch-refresh';
import { benchEngineMemory, runEngineMemoryChild } from './engine-memory';
import { benchIdleCost } from './idle-cost';
import { runSimulatorChild } from './simulator-process';
import { benchTokenHandout } from './token-handout';
import { benchWindow } from './window-bench';
import { runWindowHostChild } from './window-host';


const entry = fileURLToPath(import.meta.url);
/** dist/bench/run-bench.js → the repository. */
const repositoryRoot = resolve(entry, '..', '..', '..');

async function runChild(name: string, args: readonly string[]): Promise<void> {
  switch (name) {
    case 'simulator':
      return runSimulatorChild(args);
    case 'cold-start':
      return runColdStartChild();
    case 'engine-memory':
      return runEngineMemoryChild();
    case 'window-host':
      return runWindowHostChild(args, resolve(repositoryRoot, 'dist', 'renderer'));
    default:
      throw new Error(`unknown bench child ${name}`);
  }
}

const runStarted = performance.now();

/** Progress on stderr, with the seconds since the start, so that a slow benchmark shows. */
function log(line: string): void {
  process.stderr.write(`bench: ${((performance.now() - runStarted) / 1000).toFixed(0)} s: ${line}\n`);
}

async function runBenchmarks(options: BenchOptions): Promise<void> {
  const started = performance.now();
  const scale = options.tiny ? tinyScale : fullScale;
  const keychain = options.noKeychain ? { available: false, label: 'in-memory store (--no-keychain)' } : await probeSystemKeychain();
  const report = new BenchReport(keychain.label);
  if (!keychain.available) report.note(`The system keychain did not answer: the engine's figures use the in-memory store, and the command-line figures are missing (${keychain.label}).`);
  if (!existsSync(resolve(repositoryRoot, 'dist', 'main', 'cli.js'))) throw new Error('npm run bench builds first; dist/main/cli.js is missing');
  const wanted = (name: string) => options.only.length === 0 || options.only.includes(name);

  // The system keychain's world: what a bookkeeper's machine does, keychain writes and all.
  if (keychain.available) {
    const world = await BenchWorld.start({ entry, companies: Math.max(scale.launchCompanies, scale.manyTokenCompanies), systemKeychain: true, label: 'keychain' });
    try {
      if (wanted('tokens')) {
        log('handing out tokens');
        await benchTokenHandout(world, scale, report, repositoryRoot);
      }
      if (wanted('contention')) {
        log('contention');
        await benchContention(entry, true, scale, report, repositoryRoot);
      }
      if (wanted('launch') || wanted('cold-start')) {
        log(`connecting ${scale.launchCompanies} companies (system keychain)`);
        const seeded = await world.connectUpTo(scale.launchCompanies);
        report.note(`Companies were connected through the engine's connect flow and the simulator's consent route, 8 at a time: ${seeded.msPerCompany.toFixed(1)} ms each with the system keychain.`);
      }
      if (wanted('cold-start')) {
        log('cold start');
        await benchColdStart(world, scale, report);
      }
      if (wanted('launch')) {
        log('launch refresh (system keychain)');
        await benchLaunchRefresh(world, scale, report, { keyInfix: '', label: 'system keychain' });
      }
    } finally {
      await world.close();
    }
  }
  // The in-memory world: the engine's own cost without the keychain, and every benchmark that
  // needs more companies than the keychain can take in the time (see the notes).
  const largest = Math.max(scale.launchCompanies, scale.idleCompanies, scale.memoryCompanies, scale.windowUpdates);
  const world = await BenchWorld.start({ entry, companies: largest, systemKeychain: false, label: 'memory' });
  try {
    if (!keychain.available && wanted('tokens')) {
      log('handing out tokens (in memory)');
      await benchTokenHandout(world, scale, report, repositoryRoot);
    }
    log(`connecting ${scale.launchCompanies} companies (in memory)`);
    const seeded = await world.connectUpTo(Math.max(scale.launchCompanies, scale.idleCompanies));
    report.note(`With the in-memory store, connecting took ${seeded.msPerCompany.toFixed(1)} ms per company.`);
    if (!keychain.available && wanted('cold-start')) {
      log('cold start');
      await benchColdStart(world, scale, report);
    }
    if (wanted('launch')) {
      log('launch refresh (in memory)');
      await benchLaunchRefresh(world, scale, report, keychain.available ? { keyInfix: 'InMemory', label: 'in-memory store' } : { keyInfix: '', label: 'in-memory store (no system keychain)' });
    }
    if (wanted('idle')) {
      log('idle cost');
      await benchIdleCost(world, scale, report);
    }
    if (wanted('memory')) {
      log('engine memory');
      await benchEngineMemory(world, scale, report);
    }
    if (wanted('window')) {
      log('window');
      await benchWindow(world, scale, report, entry);
    }
  } finally {
    await world.close();
  }
  report.set('benchWallMs', performance.now() - started);
  process.stdout.write(
    `Realmkeeper benchmarks — ${machineDescription()}; load average ${report.loadAtStart} at the start, ${loadDescription()} at the end; keychain: ${report.keychain}\n\n${report.table()}\n`,
  );
  if (report.notes.length > 0) process.stdout.write(`\n${report.notes.map((note) => `- ${note}`).join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(report.toJson(benchKeys))}\n`);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') return runChild(argv[1] ?? '', argv.slice(2));
  const options = parseBenchOptions(argv);
  if (!options.noKeychain && !(await probeSystemKeychain()).available) {
    const code = await rerunInsideKeyringSession([entry, ...argv]);
    if (code !== undefined) process.exit(code);
  }
  await runBenchmarks(options);
  process.exit(0);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
