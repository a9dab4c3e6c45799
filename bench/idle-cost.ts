import type { BenchScale } from './bench-options';
import { ms, type BenchReport } from './bench-report';
import type { BenchWorld } from './bench-world';
import { median } from './statistics';

export const idleCostKeys = ['idleCompanies', 'idleWakeupsPerHour', 'idleCpuMsPerHour', 'idleCpuMsPerWakeup'] as const;

const hourMs = 3_600_000;

/**
 * What the app costs while nothing is due: the scheduler's timer wake-ups in one simulated hour
 * and the CPU time they take. The engine runs on a clock this bench moves; every timer the
 * engine sets is recorded (the global setTimeout is wrapped for the duration), and each wake-up
 * the scheduler asked for is played at once, its CPU time measured with process.cpuUsage.
 */
export async function benchIdleCost(world: BenchWorld, scale: BenchScale, report: BenchReport): Promise<void> {
  let simulatedMs = 0;
  await world.connectUpTo(scale.idleCompanies);
  const engine = await world.openEngine({ now: () => world.now() + simulatedMs });
  const planned: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const recordingSetTimeout = (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    planned.push(delay ?? 0);
    return realSetTimeout(callback, delay, ...args);
  };
  globalThis.setTimeout = recordingSetTimeout as typeof setTimeout;
  const cpuPerWake: number[] = [];
  let wakes = 0;
  const companies = engine.companies().length;
  try {
    await engine.startBackground();
    for (;;) {
      const delay = planned.at(-1);
      if (delay === undefined || simulatedMs + delay > hourMs) break;
      simulatedMs += delay;
      planned.length = 0;
      const before = process.cpuUsage();
      await engine.scheduler.replan();
      const used = process.cpuUsage(before);
      cpuPerWake.push((used.user + used.system) / 1000);
      wakes += 1;
    }
  } finally {
    globalThis.setTimeout = realSetTimeout;
    await world.closeEngine(engine);
  }
  const cpuPerHour = cpuPerWake.reduce((sum, value) => sum + value, 0);
  report.set('idleCompanies', companies);
  report.set('idleWakeupsPerHour', wakes);
  report.set('idleCpuMsPerHour', cpuPerHour);
  report.set('idleCpuMsPerWakeup', median(cpuPerWake));
  const section = `idle (${companies} companies, nothing due)`;
  report.row(section, 'timer wake-ups per hour', String(wakes), `CPU ${ms(cpuPerHour, 1)} per hour, ${ms(median(cpuPerWake), 2)} per wake-up (median)`);
}
