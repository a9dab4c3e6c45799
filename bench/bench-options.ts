/**
 * The command line of `npm run bench`: `--json` ends the output with one line of JSON;
 * `--tiny` runs every benchmark with a handful of companies, for the test that keeps the bench
 * from rotting (its figures mean nothing).
 */
export interface BenchOptions {
  readonly json: boolean;
  readonly tiny: boolean;
  /** Only these benchmarks (by name), for working on one; all when empty. */
  readonly only: readonly string[];
  /** Skip the system keychain even where it answers (profiling the engine alone). */
  readonly noKeychain: boolean;
}

export interface BenchScale {
  readonly launchCompanies: number;
  readonly launchLatencyMs: number;
  readonly coldStartRuns: number;
  readonly tokenCalls: number;
  readonly processRuns: number;
  readonly manyTokenCompanies: number;
  readonly contentionProcesses: number;
  readonly windowSizes: readonly number[];
  readonly windowUpdates: number;
  readonly memoryCompanies: number;
  readonly idleCompanies: number;
}

export const fullScale: BenchScale = {
  launchCompanies: 500,
  launchLatencyMs: 100,
  coldStartRuns: 9,
  tokenCalls: 5_000,
  processRuns: 11,
  manyTokenCompanies: 150,
  contentionProcesses: 8,
  windowSizes: [300, 1_000, 5_000],
  windowUpdates: 1_000,
  memoryCompanies: 1_000,
  idleCompanies: 500,
};

export const tinyScale: BenchScale = {
  launchCompanies: 6,
  launchLatencyMs: 20,
  coldStartRuns: 2,
  tokenCalls: 50,
  processRuns: 2,
  manyTokenCompanies: 3,
  contentionProcesses: 3,
  windowSizes: [4, 8, 12],
  windowUpdates: 8,
  memoryCompanies: 8,
  idleCompanies: 6,
};

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const only: string[] = [];
  let json = false;
  let tiny = false;
  let noKeychain = false;
  for (const argument of argv) {
    if (argument === '--json') json = true;
    else if (argument === '--tiny') tiny = true;
    else if (argument === '--no-keychain') noKeychain = true;
    else if (argument.startsWith('--only=')) only.push(...argument.slice('--only='.length).split(','));
    else throw new Error(`npm run bench: unknown option ${argument} (known: --json, --tiny, --no-keychain, --only=name,name)`);
  }
  return { json, tiny, only, noKeychain };
}
