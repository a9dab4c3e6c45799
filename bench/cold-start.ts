import { readClockOffset } from '../main/app/app-clock';
import { ConnectionEngine } from '../main/core/engine/connection-engine';
import type { BenchScale } from './bench-options';
import { ms, type BenchReport } from './bench-report';
import type { BenchWorld } from './bench-world';
import { runChild } from './processes';
import { median } from './statistics';

export const coldStartKeys = ['coldStartCompanies', 'coldStartMedianMs', 'coldStartFromProcessStartMedianMs', 'coldStartRuns'] as const;

interface ColdStartSample {
  readonly companies: number;
  /** `ConnectionEngine.open` (settings, database, migrations check) to the first status list. */
  readonly openToListMs: number;
  /** The same, counted from the process's start (module loading included). */
  readonly fromProcessStartMs: number;
}

/** The child side: one cold engine start in a fresh process. */
export async function runColdStartChild(): Promise<void> {
  const offset = readClockOffset(process.env);
  const started = performance.now();
  const engine = await ConnectionEngine.open({ env: process.env, now: () => Date.now() + offset });
  const companies = engine.companies();
  const ready = performance.now();
  await engine.close();
  const sample: ColdStartSample = { companies: companies.length, openToListMs: ready - started, fromProcessStartMs: ready };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

/**
 * Opening the engine on an existing data folder until the first status list is ready for the
 * window, each run in a fresh process (a warm process would hide the first-run costs).
 */
export async function benchColdStart(world: BenchWorld, scale: BenchScale, report: BenchReport): Promise<void> {
  const samples: ColdStartSample[] = [];
  for (let run = 0; run < scale.coldStartRuns; run += 1) samples.push(await runChild<ColdStartSample>(world.entry, 'cold-start', [], world.childEnvironment()));
  const companies = samples[0]?.companies ?? 0;
  const openToList = median(samples.map((sample) => sample.openToListMs));
  const fromStart = median(samples.map((sample) => sample.fromProcessStartMs));
  report.set('coldStartCompanies', companies);
  report.set('coldStartMedianMs', openToList);
  report.set('coldStartFromProcessStartMedianMs', fromStart);
  report.set('coldStartRuns', samples.length);
  const section = `cold start (${companies} companies)`;
  report.row(section, `open to first status list, median of ${samples.length}`, ms(openToList, 1), `${ms(fromStart)} from process start`, '< 150 ms');
}
