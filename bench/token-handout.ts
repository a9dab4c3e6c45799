import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { databaseFileName } from '../main/core/config/settings-catalog';
import { listCompanies } from '../main/core/storage/company-repository';
import { appendEvent } from '../main/core/storage/event-log';
import { inWriteTransaction } from '../main/core/storage/storage-error';
import { openDatabase } from '../main/core/storage/open-database';
import type { BenchScale } from './bench-options';
import { ms, times, type BenchReport } from './bench-report';
import type { BenchWorld } from './bench-world';
import { runProcess } from './processes';
import { median, percentile, ratio } from './statistics';

export const tokenKeys = [
  'getAccessTokenMedianMs',
  'getAccessTokenP99Ms',
  'tokenProcessMedianMs',
  'nodeStartMedianMs',
  'tokenProcessRatioToNode',
  'manyTokensCompanies',
  'tokenAllJsonMs',
  'tokenProcessesForAllMs',
  'tokenAllSpeedupOverProcesses',
  'agedDatabaseEvents',
  'agedDatabaseBytes',
  'tokenProcessAgedDatabaseMedianMs',
  'tokenProcessAgedDatabaseRatioToNode',
] as const;

/** A year of a 150-client firm's history: daily keep-alive refreshes, checks and the odd failure. */
const agedEvents = 200_000;

/** The one-process-per-company way is timed on this many processes and scaled up. */
const processSample = 20;

/**
 * Set to a folder to profile every `realmkeeper token` process the bench starts
 * (`node --cpu-prof`; NODE_OPTIONS cannot carry that flag).
 */
export const cpuProfileVariable = 'REALMKEEPER_BENCH_CPU_PROF_DIR';

/**
 * Set to another build's `bin/realmkeeper.js` (a checkout of an earlier commit, built) to time
 * its `token` in the same interleaved runs: on a shared machine, before and after measured in
 * one run are the only figures that compare.
 */
export const compareBinVariable = 'REALMKEEPER_BENCH_COMPARE_BIN';

function profiled(args: readonly string[], subfolder = ''): string[] {
  const folder = process.env[cpuProfileVariable];
  return folder === undefined || folder === '' ? [...args] : ['--cpu-prof', `--cpu-prof-dir=${resolve(folder, subfolder)}`, ...args];
}

/** `bin/realmkeeper.js`, as a script on the bookkeeper's machine calls it. */
export function realmkeeperBin(repositoryRoot: string): string {
  return resolve(repositoryRoot, 'bin', 'realmkeeper.js');
}

/**
 * Handing out access tokens: in the app's process (`getAccessToken`, a fresh token from memory
 * after a SQLite generation check), as a whole `realmkeeper token` process beside Node's own
 * start-up, and for many companies at once: `token --all --json` against one process each.
 */
export async function benchTokenHandout(world: BenchWorld, scale: BenchScale, report: BenchReport, repositoryRoot: string): Promise<void> {
  const companies = scale.manyTokenCompanies;
  await world.connectUpTo(companies);
  const engine = await world.openEngine();
  const ids = engine.companies().map((company) => company.id);
  for (const id of ids) await engine.getAccessToken(id);
  const samples: number[] = [];
  for (let call = 0; call < scale.tokenCalls; call += 1) {
    const id = ids[call % ids.length] ?? '';
    const started = performance.now();
    const result = await engine.getAccessToken(id);
    samples.push(performance.now() - started);
    if (result.kind !== 'token') throw new Error(`getAccessToken answered ${result.kind}`);
  }
  const realms = engine.companies().map((company) => company.realmId);
  await world.closeEngine(engine);
  report.set('getAccessTokenMedianMs', median(samples));
  report.set('getAccessTokenP99Ms', percentile(samples, 99));
  report.row('handing out tokens', `getAccessToken in process (${samples.length} calls)`, ms(median(samples), 3), `p99 ${ms(percentile(samples, 99), 3)}`, '< 1 ms');

  if (!world.keychainIsSystem) {
    report.note('handing out tokens: the command line needs the system keychain; its figures were not measured');
    return;
  }
  const env = world.childEnvironment();
  const bin = realmkeeperBin(repositoryRoot);
  const nodeRuns: number[] = [];
  const tokenRuns: number[] = [];
  const compareBin = process.env[compareBinVariable];
  const compareRuns: number[] = [];
  // Interleaved, so that whatever else the machine does lands on both alike.
  for (let run = 0; run < scale.processRuns; run += 1) {
    nodeRuns.push((await runProcess(process.execPath, ['-e', '0'], env)).wallMs);
    const token = await runProcess(process.execPath, profiled([bin, 'token', realms[run % realms.length] ?? '']), env);
    if (token.code !== 0) throw new Error(`realmkeeper token exited ${token.code}: ${token.stderr}`);
    tokenRuns.push(token.wallMs);
    if (compareBin !== undefined && compareBin !== '') {
      const other = await runProcess(process.execPath, profiled([compareBin, 'token', realms[run % realms.length] ?? ''], 'compare'), env);
      if (other.code !== 0) throw new Error(`${compareBin} token exited ${other.code}: ${other.stderr}`);
      compareRuns.push(other.wallMs);
    }
  }
  if (compareRuns.length > 0) {
    report.note(`${compareBin ?? ''} token, in the same interleaved runs: ${ms(median(compareRuns))} (median of ${compareRuns.length}), ${times(ratio(median(compareRuns), median(nodeRuns)))} node -e 0`);
  }
  const tokenMedian = median(tokenRuns);
  const nodeMedian = median(nodeRuns);
  report.set('tokenProcessMedianMs', tokenMedian);
  report.set('nodeStartMedianMs', nodeMedian);
  report.set('tokenProcessRatioToNode', ratio(tokenMedian, nodeMedian));
  report.row('handing out tokens', `realmkeeper token, whole process (median of ${tokenRuns.length})`, ms(tokenMedian), `node -e 0 ${ms(nodeMedian)}: ${times(ratio(tokenMedian, nodeMedian))}`, '≤ 1.5× node -e 0');

  await benchAgedDatabase(world, scale, report, bin, realms, median(nodeRuns));

  const all = await runProcess(process.execPath, profiled([bin, 'token', '--all', '--json']), env);
  const parsed = JSON.parse(all.stdout) as { companies: Array<{ accessToken?: string }> };
  const handedOut = parsed.companies.filter((entry) => typeof entry.accessToken === 'string').length;
  if (all.code !== 0 || handedOut !== companies) throw new Error(`token --all --json exited ${all.code} with ${handedOut} of ${companies} tokens: ${all.stderr}`);
  // One process per company, one after another as a shell loop runs them; timed on a sample
  // and scaled to every company, since each costs the same start-up.
  const sample = realms.slice(0, processSample);
  const onePerCompanyStarted = performance.now();
  for (const realm of sample) {
    const token = await runProcess(process.execPath, [bin, 'token', realm], env);
    if (token.code !== 0) throw new Error(`realmkeeper token exited ${token.code}: ${token.stderr}`);
  }
  const onePerCompanyMs = ((performance.now() - onePerCompanyStarted) / sample.length) * realms.length;
  report.set('manyTokensCompanies', companies);
  report.set('tokenAllJsonMs', all.wallMs);
  report.set('tokenProcessesForAllMs', onePerCompanyMs);
  report.set('tokenAllSpeedupOverProcesses', ratio(onePerCompanyMs, all.wallMs));
  const scaled = sample.length < realms.length ? ` (${sample.length} timed, ×${(realms.length / sample.length).toFixed(0)})` : '';
  report.row('handing out tokens', `token --all --json, ${companies} companies`, ms(all.wallMs), `${companies} token processes${scaled} ${ms(onePerCompanyMs)}: ${times(ratio(onePerCompanyMs, all.wallMs))} faster`);
}

/**
 * `realmkeeper token` on a copy of the world's folder whose event log holds a year of history:
 * the bench's own database is days old, and opening the database checks it whole
 * (`PRAGMA quick_check`), so its age is part of every token's cost.
 */
async function benchAgedDatabase(world: BenchWorld, scale: BenchScale, report: BenchReport, bin: string, realms: readonly string[], nodeMedianMs: number): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'realmkeeper-bench-aged-'));
  try {
    cpSync(world.home, home, { recursive: true });
    const database = openDatabase({ path: join(home, databaseFileName) });
    const events = scale.tokenCalls >= 5_000 ? agedEvents : 2_000;
    const yearAgo = world.now() - 365 * 86_400_000;
    try {
      const companyIds = listCompanies(database).map((company) => company.id);
      inWriteTransaction(database, () => {
        for (let index = 0; index < events; index += 1) {
          appendEvent(database, {
            at: yearAgo + index * Math.floor((365 * 86_400_000) / events),
            companyId: companyIds[index % companyIds.length] ?? null,
            kind: 'refresh',
            grantType: 'refresh_token',
            outcome: index % 97 === 0 ? 'transient' : 'succeeded',
            httpStatus: index % 97 === 0 ? 503 : 200,
            intuitTid: `bench-${index}`,
            message: 'A keep-alive refresh of a client company a year ago',
          });
        }
      });
    } finally {
      database.close();
    }
    const bytes = statSync(join(home, databaseFileName)).size;
    const env = { ...world.childEnvironment(), REALMKEEPER_HOME: home };
    const runs: number[] = [];
    for (let run = 0; run < Math.max(2, Math.ceil(scale.processRuns / 2)); run += 1) {
      const token = await runProcess(process.execPath, [bin, 'token', realms[run % realms.length] ?? ''], env);
      if (token.code !== 0) throw new Error(`realmkeeper token (aged database) exited ${token.code}: ${token.stderr}`);
      runs.push(token.wallMs);
    }
    report.set('agedDatabaseEvents', events);
    report.set('agedDatabaseBytes', bytes);
    report.set('tokenProcessAgedDatabaseMedianMs', median(runs));
    report.set('tokenProcessAgedDatabaseRatioToNode', ratio(median(runs), nodeMedianMs));
    report.row(
      'handing out tokens',
      `realmkeeper token, ${events.toLocaleString('en-US')} events in the log (median of ${runs.length})`,
      ms(median(runs)),
      `${(bytes / 1_048_576).toFixed(0)} MiB database; node -e 0 ${ms(nodeMedianMs)}: ${times(ratio(median(runs), nodeMedianMs))}`,
      '≤ 1.5× node -e 0',
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
