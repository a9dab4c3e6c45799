import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readClockOffset } from '../main/app/app-clock';
import { createMemorySecretStore } from '../main/app/memory-secret-store';
import { ConnectionEngine } from '../main/core/engine/connection-engine';
import { SimulatorAdmin } from '../test/support/simulator-admin';
import type { BenchScale } from './bench-options';
import { mebibytes, type BenchReport } from './bench-report';
import type { BenchWorld } from './bench-world';
import { connectCompanies } from './bench-world';
import { runChild } from './processes';
import { benchCompanyInputs } from './simulator-process';

export const engineMemoryKeys = ['engineMemoryCompanies', 'engineRssBytes', 'engineHeapUsedBytes', 'engineRssBeforePassBytes'] as const;

export const dayAndAnHourMs = 25 * 3_600_000;

interface EngineMemorySample {
  readonly companies: number;
  readonly refreshed: number;
  readonly rssBeforePass: number;
  readonly rss: number;
  readonly heapUsed: number;
}

/**
 * The child side: an engine in a process of its own connects `companies` companies, the clocks
 * move a day on, a full refresh pass runs, and the process reports its memory. Secrets are kept
 * in memory here (a thousand gnome-keyring writes would take minutes and measure the keyring),
 * which counts them in this process's memory, as the system keychain would not.
 */
export async function runEngineMemoryChild(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? '0');
  const home = mkdtempSync(join(tmpdir(), 'realmkeeper-bench-memory-'));
  let offset = readClockOffset(process.env);
  const env = { ...process.env, REALMKEEPER_HOME: home };
  const admin = new SimulatorAdmin(process.env['REALMKEEPER_BENCH_SIMULATOR_URL'] ?? '');
  const engine = await ConnectionEngine.open({ env, now: () => Date.now() + offset, secretStore: createMemorySecretStore('bench (in memory)'), callbackLingerMs: 1_000 });
  try {
    await connectCompanies(engine, admin, benchCompanyInputs(count).map((company) => company.realmId ?? ''));
    await admin.advanceClock(dayAndAnHourMs);
    offset += dayAndAnHourMs;
    let refreshed = 0;
    engine.subscribe((event) => {
      if (event.kind === 'refresh_progress' && event.progress.companyId !== undefined) refreshed += 1;
    });
    const rssBeforePass = process.memoryUsage().rss;
    await engine.startBackground();
    const usage = process.memoryUsage();
    const sample: EngineMemorySample = { companies: engine.companies().length, refreshed, rssBeforePass, rss: usage.rss, heapUsed: usage.heapUsed };
    process.stdout.write(`${JSON.stringify(sample)}\n`);
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function benchEngineMemory(world: BenchWorld, scale: BenchScale, report: BenchReport): Promise<void> {
  const env = { ...world.childEnvironment(), REALMKEEPER_BENCH_SIMULATOR_URL: world.simulator.description.url };
  const sample = await runChild<EngineMemorySample>(world.entry, 'engine-memory', [String(scale.memoryCompanies)], env);
  world.noteClockAdvanced(dayAndAnHourMs);
  if (sample.refreshed !== sample.companies) report.note(`memory: the pass refreshed ${sample.refreshed} of ${sample.companies} companies`);
  report.set('engineMemoryCompanies', sample.companies);
  report.set('engineRssBytes', sample.rss);
  report.set('engineHeapUsedBytes', sample.heapUsed);
  report.set('engineRssBeforePassBytes', sample.rssBeforePass);
  report.row(`memory (${sample.companies} companies)`, "engine's resident memory after a full refresh pass", mebibytes(sample.rss), `heap ${mebibytes(sample.heapUsed)}; ${mebibytes(sample.rssBeforePass)} before the pass`);
}
