import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CrashPoint } from '../../main/core/system/crash-point';
import { startSimulator, type RunningSimulator, type TokenCallRecord } from '../../main/simulator/index';
import { SimulatorAdmin } from '../support/simulator-admin';

/**
 * Issue 9's chaos run, first cut: one simulator, one data folder and keychain, several
 * command-line processes at once over simulated days, faults drawn from a seeded PRNG so that a
 * failing run replays with its seed. The run plays the scheduler (a forced refresh of every
 * company not refreshed for a while), so that nothing expires from neglect.
 */
export interface ChaosOptions {
  readonly seed: number;
  readonly strict: boolean;
  readonly companies: number;
  readonly days: number;
  /** Command-line processes running at once. */
  readonly lanes: number;
  readonly commandsPerRound: number;
  /** The clock moves by a random step between rounds, in hours. */
  readonly stepHours: readonly [number, number];
  /** The built command line (`dist/main/cli.js` or a copy of it). */
  readonly cliPath: string;
  readonly keychainService: string;
  readonly log: (line: string) => void;
}

export interface ChaosReport {
  readonly table: string;
  readonly violations: readonly string[];
  /** What a replay's reader needs: every command with its fault and outcome, the kills, Intuit's call log. */
  readonly trace: unknown;
}

interface CommandTrace {
  readonly round: number;
  readonly command: string;
  readonly realmId: string;
  readonly fault: string;
  readonly startedAtMs: number;
  endedAtMs: number;
  exit: string;
  stderr: string;
}

type CommandName = 'token' | 'refresh' | 'test';

interface CommandRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const dayMs = 86_400_000;
const hourMs = 3_600_000;
const refreshCrashPoints: readonly CrashPoint[] = ['refresh_before_send', 'refresh_after_answer', 'refresh_after_keychain_write', 'refresh_after_database_write'];
const selfInflictedCauses = new Set(['code_reused', 'stale_refresh_token', 'unknown_token', 'wrong_environment']);
const errorStatuses = [429, 500, 502, 503, 504] as const;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

class Counter {
  readonly counts = new Map<string, number>();
  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }
  total(): number {
    return [...this.counts.values()].reduce((sum, value) => sum + value, 0);
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number): number => Math.floor(low + random() * (high - low + 1));

  const port = await freeLoopbackPort();
  const redirectUri = `http://localhost:${port}/callback`;
  const simulator: RunningSimulator = await startSimulator({ strict: options.strict, clients: { sandbox: { redirectUris: [redirectUri] } } });
  const admin = new SimulatorAdmin(simulator.url);
  const home = mkdtempSync(join(tmpdir(), 'realmkeeper-chaos-'));
  let clockOffsetMs = 0;
  const simulatedNow = (): number => Date.now() + clockOffsetMs;

  const faults = new Counter();
  const violations: string[] = [];
  const kills: Array<{ realmId: string; atMs: number }> = [];
  const disconnectedByRun = new Set<string>();
  const lastRefreshedAt = new Map<string, number>();
  const commandsRun = new Counter();
  const live = new Set<ReturnType<typeof spawn>>();
  const trace: CommandTrace[] = [];
  const roundFaults: string[] = [];

  const baseEnvironment = (): NodeJS.ProcessEnv => {
    const { sandbox, production } = simulator.clients;
    return {
      ...process.env,
      REALMKEEPER_HOME: home,
      REALMKEEPER_KEYCHAIN_SERVICE: options.keychainService,
      REALMKEEPER_SANDBOX_DISCOVERY_URL: simulator.discoveryUrl('sandbox'),
      REALMKEEPER_SANDBOX_API_URL: simulator.apiBaseUrl('sandbox'),
      REALMKEEPER_SANDBOX_CLIENT_ID: sandbox.clientId,
      REALMKEEPER_SANDBOX_CLIENT_SECRET: sandbox.clientSecret,
      REALMKEEPER_SANDBOX_REDIRECT_URI: redirectUri,
      REALMKEEPER_PRODUCTION_DISCOVERY_URL: simulator.discoveryUrl('production'),
      REALMKEEPER_PRODUCTION_API_URL: simulator.apiBaseUrl('production'),
      REALMKEEPER_PRODUCTION_CLIENT_ID: production.clientId,
      REALMKEEPER_PRODUCTION_CLIENT_SECRET: production.clientSecret,
      // Shortened so that a paused holder or a slow Intuit costs seconds, not minutes.
      REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10',
      REALMKEEPER_TEST_LEASE_WAIT_MS: '4000',
      REALMKEEPER_TEST_REQUEST_TIMEOUT_MS: '5000',
      REALMKEEPER_TEST_SAVE_RETRY_MS: '200',
      REALMKEEPER_CLOCK_OFFSET_MS: String(clockOffsetMs),
    };
  };

  const startCli = (args: readonly string[], env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, [options.cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<CommandRun>((resolve) => {
      child.once('close', (code, signal) => {
        live.delete(child);
        resolve({ code, signal, stdout, stderr });
      });
    });
    return { child, exited };
  };

  const run = async (args: readonly string[], env = baseEnvironment()): Promise<CommandRun> => startCli(args, env).exited;

  try {
    // --- Connect the companies through the real command line, one at a time (one loopback port).
    const realms: string[] = [];
    for (let index = 1; index <= options.companies; index += 1) {
      const company = await admin.addCompany({ environment: 'sandbox', companyName: `Chaos Company ${index}` });
      const connect = startCli(['connect', '--env', 'sandbox', '--no-browser'], baseEnvironment());
      const url = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: connect.child.stdout });
        lines.on('line', (line) => {
          if (/^https?:\/\//.test(line)) resolve(line.trim());
        });
        void connect.exited.then((result) => reject(new Error(`connect exited ${result.code} before printing a URL: ${result.stderr}`)));
      });
      const { redirectUrl } = await admin.connect({ authorizationUrl: url, realmId: company.realmId });
      const first = await fetch(redirectUrl, { redirect: 'manual' });
      await first.text();
      const location = first.headers.get('location');
      if (location !== null) await (await fetch(new URL(location, redirectUrl))).text();
      const result = await connect.exited;
      if (result.code !== 0) throw new Error(`connecting ${company.companyName} failed (${result.code}): ${result.stderr}`);
      realms.push(company.realmId);
      lastRefreshedAt.set(company.realmId, simulatedNow());
    }
    options.log(`connected ${realms.length} companies`);

    // --- The rounds: the clock moves between rounds, never while a process runs.
    const endAt = simulatedNow() + options.days * dayMs;
    let round = 0;
    while (simulatedNow() < endAt) {
      round += 1;
      // Besides the random draws, every round forces one kind in turn, so a short run sees them all.
      const forced = ['latency', 'burst', 'lost', 'outage', 'jump', 'disconnect'][(round - 1) % 6];
      const step = random() < 0.05 || forced === 'jump' ? between(10, 30) * dayMs : between(options.stepHours[0], options.stepHours[1]) * hourMs;
      if (step > 5 * dayMs) faults.add('clock jump (sleep and resume)');
      await admin.advanceClock(step);
      clockOffsetMs += step;
      const live_ = realms.filter((realm) => !disconnectedByRun.has(realm));
      if (live_.length === 0) break;

      // Faults at Intuit for this round.
      let latencySet = false;
      if (random() < 0.15 || forced === 'latency') {
        await admin.setFaults({ latencyMs: between(200, 2500) });
        roundFaults.push(`round ${round}: latency`);
        latencySet = true;
        faults.add('latency spike');
      }
      if (random() < 0.12 || forced === 'burst') {
        await admin.setFaults({ failNext: { target: 'token', count: between(1, 4), status: pick(errorStatuses) } });
        faults.add('5xx/429 burst');
      }
      if (random() < 0.05 || forced === 'outage') {
        await admin.setFaults({ outage: { forSeconds: between(600, 3600) } });
        faults.add('outage window');
        roundFaults.push(`round ${round}: outage at ${simulatedNow()}`);
      }
      const queue: Array<{ command: CommandName; realmId: string }> = [];
      if (random() < 0.08 || forced === 'lost') {
        const realmId = pick(live_);
        await admin.setFaults({ lostResponse: { realmId } });
        faults.add('lost answer');
        roundFaults.push(`round ${round}: lost answer for ${realmId}`);
        queue.push({ command: 'refresh', realmId });
      }
      if ((random() < 0.03 || forced === 'disconnect') && live_.length > realms.length / 2) {
        const realmId = pick(live_);
        await admin.disconnect({ realmId });
        disconnectedByRun.add(realmId);
        faults.add('user disconnects company');
        roundFaults.push(`round ${round}: user disconnected ${realmId}`);
      }

      // The run as the scheduler: nothing goes 40 simulated days without a forced refresh.
      for (const realmId of live_) {
        if (simulatedNow() - (lastRefreshedAt.get(realmId) ?? 0) > 40 * dayMs && !disconnectedByRun.has(realmId)) queue.push({ command: 'refresh', realmId });
      }
      for (let index = 0; index < options.commandsPerRound; index += 1) {
        const draw = random();
        queue.push({ command: draw < 0.55 ? 'token' : draw < 0.85 ? 'refresh' : 'test', realmId: pick(live_) });
      }
      // Draw every command's fault before any runs, so that the sequence does not depend on timing.
      const planned = queue.map((item) => {
        const draw = random();
        const fault: { kind: 'none' } | { kind: 'kill'; afterMs: number } | { kind: 'crash'; point: CrashPoint } | { kind: 'pause'; afterMs: number; forMs: number } | { kind: 'skew'; byMs: number } =
          draw < 0.1
            ? { kind: 'kill', afterMs: between(0, 1500) }
            : draw < 0.2
              ? { kind: 'crash', point: pick(refreshCrashPoints) }
              : draw < 0.27
                ? { kind: 'pause', afterMs: between(0, 800), forMs: between(1000, 6000) }
                : draw < 0.34
                  ? { kind: 'skew', byMs: (random() < 0.5 ? -1 : 1) * between(1, 48) * hourMs }
                  : { kind: 'none' };
        return { ...item, fault };
      });

      const runOne = async (item: (typeof planned)[number]): Promise<void> => {
        const env = baseEnvironment();
        const { fault } = item;
        let command = item.command;
        if (fault.kind === 'crash') {
          env.REALMKEEPER_TEST_CRASH_AT = fault.point;
          command = 'refresh';
          faults.add(`crash at ${fault.point}`);
        }
        if (fault.kind === 'skew') {
          env.REALMKEEPER_CLOCK_OFFSET_MS = String(clockOffsetMs + fault.byMs);
          faults.add(fault.byMs > 0 ? 'process clock ahead' : 'process clock behind');
        }
        commandsRun.add(command);
        const entry: CommandTrace = { round, command, realmId: item.realmId, fault: JSON.stringify(fault), startedAtMs: simulatedNow(), endedAtMs: 0, exit: '', stderr: '' };
        trace.push(entry);
        const started = startCli([command, item.realmId], env);
        const timers: NodeJS.Timeout[] = [];
        if (fault.kind === 'kill') {
          timers.push(
            setTimeout(() => {
              if (started.child.exitCode === null && started.child.signalCode === null) {
                started.child.kill('SIGCONT');
                started.child.kill('SIGKILL');
                kills.push({ realmId: item.realmId, atMs: simulatedNow() });
                faults.add('kill -9');
              }
            }, fault.afterMs),
          );
        }
        if (fault.kind === 'pause') {
          timers.push(
            setTimeout(() => {
              if (started.child.exitCode !== null || started.child.signalCode !== null) return;
              started.child.kill('SIGSTOP');
              faults.add('SIGSTOP/SIGCONT pause');
              timers.push(setTimeout(() => started.child.kill('SIGCONT'), fault.forMs));
            }, fault.afterMs),
          );
        }
        const hung = setTimeout(() => {
          violations.push(`round ${round}: realmkeeper ${command} ${item.realmId} did not finish in 120 s`);
          started.child.kill('SIGCONT');
          started.child.kill('SIGKILL');
        }, 120_000);
        const result = await started.exited;
        clearTimeout(hung);
        entry.endedAtMs = simulatedNow();
        entry.exit = result.signal ?? String(result.code);
        entry.stderr = result.stderr.trim().slice(0, 400);
        for (const timer of timers) clearTimeout(timer);
        if (result.signal === 'SIGKILL' && fault.kind === 'crash') kills.push({ realmId: item.realmId, atMs: simulatedNow() });
        if (result.code === 0 && command === 'refresh') lastRefreshedAt.set(item.realmId, simulatedNow());
        if (result.code !== null && result.code !== 0) commandsRun.add(`exit ${result.code}`);
      };

      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < planned.length) {
          const item = planned[next];
          next += 1;
          if (item !== undefined) await runOne(item);
        }
      };
      await Promise.all(Array.from({ length: options.lanes }, lane));
      if (latencySet) await admin.setFaults({ latencyMs: 0 });
      if (round % 10 === 0) options.log(`round ${round}: day ${Math.floor((endAt - options.days * dayMs - simulatedNow()) / -dayMs)} of ${options.days}`);
    }

    // --- The consistency check, with Intuit healthy again and past every outage window.
    await admin.clearFaults();
    await admin.advanceClock(2 * hourMs);
    clockOffsetMs += 2 * hourMs;
    const lost = new Counter();
    const failedAtEnd: Array<{ realmId: string; refresh: CommandRun }> = [];
    for (const realmId of realms) {
      if (disconnectedByRun.has(realmId)) {
        lost.add('disconnected by the user (run)');
        continue;
      }
      const refresh = await run(['refresh', realmId]);
      if (refresh.code !== 0) {
        failedAtEnd.push({ realmId, refresh });
        continue;
      }
      const test = await run(['test', realmId]);
      if (test.code !== 0) violations.push(`${realmId}: refreshed, but \`realmkeeper test\` failed (${test.code}): ${test.stderr.trim()}`);
    }
    const finalCalls = await admin.tokenCalls();
    const excused = excusedStaleCalls(finalCalls, kills);
    for (const { realmId, refresh } of failedAtEnd) {
      const last = finalCalls.filter((call) => call.realmId === realmId && call.error === 'invalid_grant').at(-1);
      if (last !== undefined && excused.has(last.sequence)) {
        lost.add('answer lost or process killed by the run');
        continue;
      }
      lost.add(`unexplained (${last?.cause ?? 'no refusal'})`);
      violations.push(`${realmId}: cannot be refreshed at the end (exit ${refresh.code}): ${refresh.stderr.trim()}; last refusal cause ${last?.cause ?? 'none'}`);
    }

    const refusedByCause = new Counter();
    let staleExcused = 0;
    const staleResends = new Counter();
    for (const call of finalCalls) {
      if (call.error === 'invalid_grant') refusedByCause.add(call.cause ?? 'unknown');
      const selfInflicted = call.cause !== null && selfInflictedCauses.has(call.cause);
      const grace = call.grantType === 'refresh_token' && call.status === 200 && call.usedLatest === false;
      if (!selfInflicted && !grace) continue;
      if (excused.has(call.sequence)) {
        staleExcused += 1;
        if (call.tokenHash !== null) staleResends.add(call.tokenHash);
        continue;
      }
      violations.push(
        `call #${call.sequence} (realm ${call.realmId ?? '?'}, ${call.grantType ?? call.endpoint}): ${selfInflicted ? `invalid_grant ${call.cause}` : 'accepted a superseded refresh token under the grace period'}, not explained by a lost answer or a kill`,
      );
    }
    // The design sends a token whose answer was lost once more, never a second time: more sends of
    // the same superseded token pass the rule above (the run caused the loss) but are worth a line.
    const resentMoreThanOnce = [...staleResends.counts.values()].filter((count) => count > 1).length;
    // A token whose answer was lost is sent once more to learn its fate, never a second time.
    if (resentMoreThanOnce > 0) violations.push(`${resentMoreThanOnce} superseded refresh token(s) sent more than once after their answer was lost`);
    for (const connection of await admin.connections()) {
      if (connection.revokedBecause === 'code_reused') violations.push(`connection ${connection.id} (realm ${connection.realmId ?? '?'}) revoked because a code was reused`);
    }

    const refreshesDone = finalCalls.filter((call) => call.grantType === 'refresh_token' && call.status === 200).length;
    const rows: Array<[string, string]> = [
      ['seed', String(options.seed)],
      ['simulator', options.strict ? 'strict' : 'documented'],
      ['companies', String(realms.length)],
      ['simulated days', String(options.days)],
      ['rounds', String(round)],
      ['commands run', describe(commandsRun)],
      ['refreshes done (Intuit 200)', String(refreshesDone)],
      ['faults injected', `${faults.total()}: ${describe(faults)}`],
      ['invalid_grant by cause', refusedByCause.total() === 0 ? '0' : `${refusedByCause.total()}: ${describe(refusedByCause)}`],
      ['stale sends explained by the run', String(staleExcused)],
      ['superseded tokens sent more than once', String(resentMoreThanOnce)],
      ['companies lost by cause', lost.total() === 0 ? '0' : `${lost.total()}: ${describe(lost)}`],
      ['consistency check', violations.length === 0 ? 'PASS' : `FAIL (${violations.length} violations)`],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    const table = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
    return { table, violations, trace: { roundFaults, kills, commands: trace, calls: finalCalls } };
  } finally {
    for (const child of live) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    await simulator.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function describe(counter: Counter): string {
  return [...counter.counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

/**
 * The sequence numbers of refreshes that sent a superseded token for a reason the run itself
 * caused: an earlier call sent the same token, Intuit rotated it, and its answer never reached
 * the process (a lostResponse fault or a socket closed by a kill: `delivered` not true), or a
 * process working on that company was killed after Intuit applied it (it died before saving).
 */
export function excusedStaleCalls(calls: readonly TokenCallRecord[], kills: ReadonlyArray<{ realmId: string; atMs: number }>): Set<number> {
  const excused = new Set<number>();
  const firstUse = new Map<string, TokenCallRecord>();
  for (const call of calls) {
    if (call.grantType !== 'refresh_token' || call.tokenHash === null) continue;
    const earlier = firstUse.get(call.tokenHash);
    if (earlier === undefined) {
      if (call.status === 200 && call.rotated === true) firstUse.set(call.tokenHash, call);
      continue;
    }
    const lostInTransit = earlier.delivered !== true;
    const killedAfter = kills.some((kill) => kill.realmId === earlier.realmId && kill.atMs >= earlier.atMs);
    if (lostInTransit || killedAfter) excused.add(call.sequence);
  }
  return excused;
}
