import type { BenchScale } from './bench-options';
import { ms, times, type BenchReport } from './bench-report';
import type { BenchWorld } from './bench-world';
import { gaps, median, percentile, ratio } from './statistics';

const day = 86_400_000;

export const launchRefreshKeys = [
  'launchRefreshCompanies',
  'launchRefreshKeychainEntriesWrittenPerSecond',
  'launchRefreshLatencyMs',
  'launchRefreshConcurrency',
  'launchRefreshWallMs',
  'launchRefreshIdealMs',
  'launchRefreshRatioToIdeal',
  'launchRefreshNaiveWallMs',
  'launchRefreshSpeedupOverNaive',
  'launchRefreshEngineMsPerRefresh',
  'launchRefreshFirstStatusMs',
  'launchRefreshStatusGapMedianMs',
  'launchRefreshStatusGapP99Ms',
  'launchRefreshIntuitCalls',
  'launchRefreshInMemoryWallMs',
  'launchRefreshInMemoryRatioToIdeal',
  'launchRefreshInMemoryNaiveWallMs',
  'launchRefreshInMemoryEngineMsPerRefresh',
  'launchRefreshInMemoryFirstStatusMs',
  'launchRefreshInMemoryStatusGapMedianMs',
] as const;

/** The naive client is timed on this many companies and scaled up: it is slow by design. */
const naiveSample = 25;

export interface LaunchVariant {
  /** '' for the headline figures (the system keychain), 'InMemory' for the engine alone. */
  readonly keyInfix: '' | 'InMemory';
  readonly label: string;
}

/**
 * The bookkeeper's morning: every company due at once, the simulator answering each refresh
 * after `launchLatencyMs`, and the scheduler's launch pass (`startBackground`) at the default
 * concurrency. Beside it, the ideal (all the time spent waiting on Intuit, `concurrency` at a
 * time) and a naive client refreshing the same companies one after another.
 */
export async function benchLaunchRefresh(world: BenchWorld, scale: BenchScale, report: BenchReport, variant: LaunchVariant): Promise<void> {
  const companies = scale.launchCompanies;
  // A day and an hour on: every company is past its keep-alive interval and its access token.
  await world.advanceClock(day + 3_600_000);
  await world.admin.setFaults({ latencyMs: scale.launchLatencyMs });
  const callsBefore = (await world.admin.tokenCalls()).length;
  const engine = await world.openEngine();
  const statusTimes: number[] = [];
  let finished = 0;
  let started = 0;
  engine.subscribe((event) => {
    // What the window hears as each company finishes: its row changes, and the pass moves on.
    if (event.kind === 'company_changed') statusTimes.push(performance.now() - started);
    if (event.kind === 'refresh_progress' && event.progress.companyId !== undefined) finished += 1;
  });
  started = performance.now();
  await engine.startBackground();
  const wallMs = performance.now() - started;
  const calls = (await world.admin.tokenCalls()).slice(callsBefore);
  const refreshed = calls.filter((call) => call.grantType === 'refresh_token' && call.status === 200).length;
  if (finished !== companies || refreshed !== companies) report.note(`launch refresh: ${finished} of ${companies} companies finished, Intuit saw ${refreshed} successful refreshes`);

  // The naive client: the same companies, one refresh after the other, same engine, same latency.
  const sample = engine.companies().slice(0, naiveSample);
  const naiveStarted = performance.now();
  for (const company of sample) await engine.refresh(company.id, { force: true });
  const naiveWallMs = ((performance.now() - naiveStarted) / sample.length) * companies;
  await world.closeEngine(engine);
  await world.admin.clearFaults();

  const concurrency = engine.config.refreshConcurrency.value;
  const idealMs = (companies * scale.launchLatencyMs) / concurrency;
  const engineMsPerRefresh = naiveWallMs / companies - scale.launchLatencyMs;
  const statusGaps = gaps(statusTimes);
  const key = (name: string) => `launchRefresh${variant.keyInfix}${name}`;
  if (variant.keyInfix === '') {
    report.set('launchRefreshCompanies', companies);
    report.set('launchRefreshLatencyMs', scale.launchLatencyMs);
    report.set('launchRefreshConcurrency', concurrency);
    report.set('launchRefreshIntuitCalls', refreshed);
    report.set('launchRefreshStatusGapP99Ms', percentile(statusGaps, 99));
    report.set('launchRefreshSpeedupOverNaive', ratio(naiveWallMs, wallMs));
    report.set('launchRefreshKeychainEntriesWrittenPerSecond', companies / (wallMs / 1000));
  }
  report.set(key('WallMs'), wallMs);
  if (variant.keyInfix === '') report.set(key('IdealMs'), idealMs);
  report.set(key('RatioToIdeal'), ratio(wallMs, idealMs));
  report.set(key('NaiveWallMs'), naiveWallMs);
  report.set(key('EngineMsPerRefresh'), engineMsPerRefresh);
  report.set(key('FirstStatusMs'), statusTimes[0] ?? null);
  report.set(key('StatusGapMedianMs'), median(statusGaps));

  const section = `launch refresh (${companies} due, ${scale.launchLatencyMs} ms each), ${variant.label}`;
  report.row(section, `launch pass, concurrency ${concurrency}`, ms(wallMs), `ideal ${ms(idealMs)}: ${times(ratio(wallMs, idealMs))}`, '≤ 1.15× ideal');
  const naiveLabel = sample.length < companies ? `naive client, one after another (${sample.length} timed, ×${(companies / sample.length).toFixed(0)})` : 'naive client, one after another';
  report.row(section, naiveLabel, ms(naiveWallMs), `${times(ratio(naiveWallMs, wallMs))} the launch pass`);
  report.row(section, "engine's own time per refresh", ms(engineMsPerRefresh, 1), 'naive wall ÷ companies − latency');
  report.row(section, 'first status in the window', ms(statusTimes[0] ?? null), `then every ${ms(median(statusGaps), 1)} (median), p99 ${ms(percentile(statusGaps, 99), 1)}`);
}
