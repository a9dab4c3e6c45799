import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readClockOffset } from '../main/app/app-clock';
import { ConnectionEngine } from '../main/core/engine/connection-engine';
import { SimulatorAdmin } from '../test/support/simulator-admin';
import type { BenchScale } from './bench-options';
import { mebibytes, type BenchReport } from './bench-report';
import { secretStoreFromInput, type BenchWorld } from './bench-world';
import { runChild } from './processes';

export const engineMemoryKeys = ['engineMemoryCompanies', 'engineRssBytes', 'engineHeapUsedBytes', 'engineRssBeforePassBytes'] as const;

/**
 * How far a child moves the clocks before its pass: every access token has expired, so the
 * launch pass refreshes every company, and no refresh token is old enough for Intuit to rotate
 * it (24 hours), so the copies of the data folder that later children get still work.
 */
export const childClockAdvanceMs = 65 * 60_000;

export const simulatorUrlVariable = 'REALMKEEPER_BENCH_SIMULATOR_URL';

interface EngineMemorySample {
  readonly companies: number;
  readonly refreshed: number;
  readonly rssBeforePass: number;
  readonly rss: number;
  readonly heapUsed: number;
}

/**
 * The child side: an engine in a process of its own opens a copy of the world's data folder,
 * the clocks move on until every company is due, a full refresh pass runs, and the process
 * reports its memory. Secrets are kept in memory (a thousand gnome-keyring writes take minutes
 * and measure the keyring), so they count in this process's memory, as the system keychain's
 * would not.
 */
export async function runEngineMemoryChild(): Promise<void> {
  const secretStore = await secretStoreFromInput(createInterface({ input: process.stdin })[Symbol.asyncIterator]());
  let offset = readClockOffset(process.env);
  const admin = new SimulatorAdmin(process.env[simulatorUrlVariable] ?? '');
  await admin.advanceClock(childClockAdvanceMs);
  offset += childClockAdvanceMs;
  const engine = await ConnectionEngine.open({ env: process.env, now: () => Date.now() + offset, secretStore });
  try {
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
  }
  process.exit(0);
}

export async function benchEngineMemory(world: BenchWorld, scale: BenchScale, report: BenchReport): Promise<void> {
  await world.connectUpTo(scale.memoryCompanies);
  const { home, secretsLine } = await world.handOver('memory');
  try {
    const env = { ...world.childEnvironment(), REALMKEEPER_HOME: home, [simulatorUrlVariable]: world.simulator.description.url };
    const sample = await runChild<EngineMemorySample>(world.entry, 'engine-memory', [], env, secretsLine);
    world.noteClockAdvanced(childClockAdvanceMs);
    if (sample.refreshed !== sample.companies) report.note(`memory: the pass refreshed ${sample.refreshed} of ${sample.companies} companies`);
    report.set('engineMemoryCompanies', sample.companies);
    report.set('engineRssBytes', sample.rss);
    report.set('engineHeapUsedBytes', sample.heapUsed);
    report.set('engineRssBeforePassBytes', sample.rssBeforePass);
    report.row(`memory (${sample.companies} companies)`, "engine's resident memory after a full refresh pass", mebibytes(sample.rss), `heap ${mebibytes(sample.heapUsed)}; ${mebibytes(sample.rssBeforePass)} before the pass`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
