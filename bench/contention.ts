import type { BenchScale } from './bench-options';
import { ms, times, type BenchReport } from './bench-report';
import { BenchWorld } from './bench-world';
import { runProcess, type ProcessRun } from './processes';
import { ratio } from './statistics';
import { realmkeeperBin } from './token-handout';

export const contentionKeys = ['contentionProcesses', 'contentionAllHaveTokenMs', 'contentionOneProcessMs', 'contentionRatioToOne', 'contentionIntuitRefreshes', 'contentionExactlyOneRefresh'] as const;

/** Access tokens issued this long are "about to expire" (under 5 minutes left) two seconds later. */
const shortLifetimeSeconds = 302;
const settleMs = 2_500;

/**
 * Several scripts ask for the same company's token at the moment it needs a refresh: one
 * process refreshes under the lease, the others wait for it and read the new token, and Intuit
 * sees exactly one refresh. Beside it, one process alone doing the same refresh.
 */
export async function benchContention(entry: string, systemKeychain: boolean, scale: BenchScale, report: BenchReport, repositoryRoot: string): Promise<void> {
  if (!systemKeychain) {
    report.note('contention: the command line needs the system keychain; not measured');
    return;
  }
  const world = await BenchWorld.start({ entry, companies: 2, systemKeychain, label: 'contention' });
  try {
    await world.admin.updateSettings({ accessTokenLifetimeSeconds: shortLifetimeSeconds });
    await world.connectUpTo(2);
    await world.admin.updateSettings({ accessTokenLifetimeSeconds: 3600 });
    await world.admin.setFaults({ latencyMs: scale.launchLatencyMs });
    // Waiting on the wall clock on purpose: the command line has no clock offset to move.
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const [crowded, alone] = world.connectedRealms;
    const env = world.childEnvironment();
    const bin = realmkeeperBin(repositoryRoot);
    const before = (await world.admin.tokenCalls()).length;
    const started = performance.now();
    const runs: ProcessRun[] = await Promise.all(Array.from({ length: scale.contentionProcesses }, () => runProcess(process.execPath, [bin, 'token', crowded ?? ''], env)));
    const allMs = performance.now() - started;
    const afterCrowd = await world.admin.tokenCalls();
    const crowdRefreshes = afterCrowd.slice(before).filter((call) => call.grantType === 'refresh_token').length;
    const distinctTokens = new Set(runs.map((run) => run.stdout.trim())).size;
    const failed = runs.filter((run) => run.code !== 0);
    if (failed.length > 0 || distinctTokens !== 1) report.note(`contention: ${failed.length} processes failed (${failed[0]?.stderr.trim() ?? ''}); ${distinctTokens} distinct tokens`);
    const one = await runProcess(process.execPath, [bin, 'token', alone ?? ''], env);
    if (one.code !== 0) throw new Error(`realmkeeper token exited ${one.code}: ${one.stderr}`);
    report.set('contentionProcesses', scale.contentionProcesses);
    report.set('contentionAllHaveTokenMs', allMs);
    report.set('contentionOneProcessMs', one.wallMs);
    report.set('contentionRatioToOne', ratio(allMs, one.wallMs));
    report.set('contentionIntuitRefreshes', crowdRefreshes);
    report.set('contentionExactlyOneRefresh', crowdRefreshes === 1 && failed.length === 0 && distinctTokens === 1);
    const section = `contention (${scale.contentionProcesses} processes, 1 company due)`;
    report.row(section, 'until every process has the token', ms(allMs), `one process alone ${ms(one.wallMs)}: ${times(ratio(allMs, one.wallMs))}`);
    report.row(section, 'refreshes that reached Intuit', String(crowdRefreshes), `${distinctTokens} distinct token(s) handed out`, 'exactly 1');
  } finally {
    await world.close();
  }
}
