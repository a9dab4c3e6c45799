import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { findFreeLoopbackPort } from '../../main/app/free-port';
import { exitCodes } from '../../main/core/errors/exit-codes';
import { companyIdFor } from '../../main/core/oauth/code-exchange';
import type { CrashPoint } from '../../main/core/system/crash-point';
import { withNativeBinding } from '../../main/core/system/native-modules';
import { startSimulator, type RunningSimulator, type TokenCallRecord } from '../../main/simulator/index';
import { findIssuedSecrets, findSecretsIn, issuedSecretList, SecretIndex } from '../support/find-issued-secrets';
import { SimulatorAdmin } from '../support/simulator-admin';
import { simulatorEnvironment } from '../support/simulator-environment';
import { AppProcess, type PassOutcome } from './app-process';
import { answerLostExplained, Counter, excusedStaleCalls, formatTable, longestAwakeGap, seededRandom, selfInflictedCauses, type Interval, type Kill } from './chaos-verdict';

/**
 * Issue 9's chaos run: one simulator, one data folder and keychain, the app running all along
 * (its scheduler, keep-alive and outage handling, its clock moved with the simulator's) and
 * command-line processes beside it, over simulated months of sandbox and production companies.
 * Faults are drawn from a seeded PRNG before they happen, so a failing run replays with its seed.
 */
export interface ChaosOptions {
  readonly seed: number;
  readonly strict: boolean;
  readonly companies: number;
  readonly days: number;
  /** Command-line processes running at once beside the app. */
  readonly lanes: number;
  readonly commandsPerRound: number;
  /** The clock moves by a random step between rounds, in hours. */
  readonly stepHours: readonly [number, number];
  /** Now and then the machine sleeps instead: the clock jumps this many days. */
  readonly sleepDays: readonly [number, number];
  /** The built command line (`dist/main/cli.js` or a copy); the app's `web.js` lies beside it. */
  readonly cliPath: string;
  readonly keychainService: string;
  /** A keyring of the run's own that it may lock; without one the keyring faults are left out. */
  readonly keyring: KeyringControl | undefined;
  readonly log: (line: string) => void;
}

export interface KeyringControl {
  readonly env: Readonly<Record<string, string>>;
  lock(): void;
  unlock(): Promise<void>;
}

export interface ChaosReport {
  readonly table: string;
  readonly violations: readonly string[];
  /** What a replay's reader needs: every command with its fault and outcome, the kills, Intuit's call log. */
  readonly trace: unknown;
}

type Environment = 'sandbox' | 'production';
type CommandName = 'token' | 'refresh' | 'test';
type RealmState = 'live' | 'disconnected' | 'lost';

interface Realm {
  readonly realmId: string;
  readonly environment: Environment;
  state: RealmState;
  /** When it left the live set (simulator time), for the gap and the flag rules. */
  leftAtMs: number;
  /** The app has had this many healthy passes since the user disconnected it. */
  passesSinceDisconnect: number;
  disconnectUrlDelivered: boolean;
  /** The round its Disconnect URL reached the app, if it did. */
  disconnectUrlRound?: number;
  /** Seen as needing reconnection though the run did not disconnect it; lost if it stays so. */
  flaggedRounds: number;
}

interface CommandRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface CommandTrace {
  readonly round: number;
  readonly command: string;
  readonly realmId: string;
  readonly fault: string;
  exit: string;
  stderr: string;
}

type CommandFault =
  | { readonly kind: 'none' }
  | { readonly kind: 'kill'; readonly afterMs: number }
  | { readonly kind: 'crash'; readonly point: CrashPoint }
  | { readonly kind: 'pause'; readonly afterMs: number; readonly forMs: number }
  | { readonly kind: 'skew'; readonly byMs: number };

const dayMs = 86_400_000;
const hourMs = 3_600_000;
const keepAliveHours = 24;
const refreshCrashPoints: readonly CrashPoint[] = ['refresh_before_send', 'refresh_after_answer', 'refresh_after_keychain_write', 'refresh_after_database_write'];
const exchangeCrashPoints: readonly CrashPoint[] = ['exchange_before_send', 'exchange_after_answer', 'exchange_after_keychain_write', 'exchange_after_database_write'];
const errorStatuses = [429, 500, 502, 503, 504] as const;

/** The production redirect registered with the simulator's production keys: the relay page. */
const relayRedirectUri = 'https://relay.example.com/realmkeeper/callback';

/** What the relay page makes of Intuit's redirect (build/relay-page/index.html). */
function relayToProtocolUrl(redirectUrl: string): string {
  const query = new URL(redirectUrl).searchParams;
  const kept = new URLSearchParams();
  for (const name of ['code', 'state', 'realmId', 'error', 'error_description']) {
    const value = query.get(name);
    if (value !== null) kept.set(name, value);
  }
  return `realmkeeper://oauth/callback?${kept.toString()}`;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number): number => Math.floor(low + random() * (high - low + 1));
  const chance = (probability: number): boolean => random() < probability;

  const port = await findFreeLoopbackPort();
  const redirectUri = `http://localhost:${port}/callback`;
  const simulator: RunningSimulator = await startSimulator({ strict: options.strict, clients: { sandbox: { redirectUris: [redirectUri] } } });
  const admin = new SimulatorAdmin(simulator.url);
  const home = mkdtempSync(join(tmpdir(), 'realmkeeper-chaos-'));
  let clockOffsetMs = 0;
  const simulatedNow = (): number => Date.now() + clockOffsetMs;

  // REALMKEEPER_CHAOS_VERBOSE=1 narrates each round's steps, for finding where a run hangs.
  const debug = process.env.REALMKEEPER_CHAOS_VERBOSE === '1' ? options.log : () => undefined;
  // REALMKEEPER_CHAOS_WITHOUT=database,keyring,app replays a seed with those faults drawn but not applied.
  const without = new Set((process.env.REALMKEEPER_CHAOS_WITHOUT ?? '').split(','));
  const faults = new Counter();
  const violations: string[] = [];
  const kills: Kill[] = [];
  const realms = new Map<string, Realm>();
  const commandsRun = new Counter();
  const lost = new Counter();
  const recovered = new Counter();
  const live = new Set<ChildProcess>();
  const outputs: Array<{ where: string; text: string }> = [];
  const trace: CommandTrace[] = [];
  const roundFaults: string[] = [];
  const asleep: Interval[] = [];
  const away = new Map<string, Interval[]>();
  /** The longest a real app waits before trying a refused refresh again (the backoff's cap). */
  const retryWaitMs = hourMs + 5 * 60_000;
  let longestFlagHours = 0;
  const flagsAfterNotice = { sameRound: 0, later: 0 };
  /**
   * The keychain's outage: from a round in which the run locked the keyring until the app has no
   * company waiting on the keychain any more. The app recovers in real time (a call's timeout,
   * then a probe, then a new helper: seconds), while the run's clock jumps days between rounds,
   * so those seconds can span rounds. Like Intuit's outages, this time is not held against the
   * keep-alive; a keychain still refused three rounds after the lock is a violation of its own.
   */
  const keychainOut: Interval[] = [];
  let keychainOutSince: { atMs: number; round: number } | undefined;
  let appPasses = 0;
  let appPassesTimedOut = 0;

  const baseEnvironment = (): NodeJS.ProcessEnv => {
    return {
      ...process.env,
      ...options.keyring?.env,
      REALMKEEPER_HOME: home,
      REALMKEEPER_KEYCHAIN_SERVICE: options.keychainService,
      ...simulatorEnvironment(simulator, { sandbox: redirectUri, production: relayRedirectUri }),
      // Shortened so that a paused holder or a slow Intuit costs seconds, not minutes.
      REALMKEEPER_TEST_CONFIRM_DELAY_MS: '10',
      REALMKEEPER_TEST_LEASE_WAIT_MS: '4000',
      REALMKEEPER_TEST_REQUEST_TIMEOUT_MS: '5000',
      REALMKEEPER_TEST_SAVE_RETRY_MS: '200',
      REALMKEEPER_TEST_KEYCHAIN_TIMEOUT_MS: '8000',
      REALMKEEPER_CLOCK_OFFSET_MS: String(clockOffsetMs),
    };
  };

  // Resolves once the keyring the run locked is unlocked again (at once while it is not locked).
  let keyringUnlocked: Promise<void> = Promise.resolve();
  let keyringLockedThisRound = false;
  // The same for the write lock another program holds on the database.
  let databaseReleased: Promise<void> = Promise.resolve();
  const app = new AppProcess({ webPath: join(dirname(options.cliPath), 'web.js'), env: baseEnvironment, clockFile: join(home, '.chaos-clock'), ...(process.env.REALMKEEPER_CHAOS_VERBOSE === '1' ? { logFile: join(tmpdir(), `realmkeeper-chaos-${options.seed}-app.log`) } : {}) });

  // What the bookkeeper does when the app says its keychain stopped answering: quit it and open it again.
  /** A pass that did not end is a violation; the run goes on with a fresh app, so that the rest still measures something. */
  const passHung = (which: string): void => {
    violations.push(`${which} did not end within 180 s (last log: ${app.stderrTail.slice(-3).join(' | ')})`);
    app.kill();
    kills.push({ realmId: undefined, atMs: simulatedNow() });
  };

  const restartIfAsked = async (offsetMs: number): Promise<void> => {
    if (!app.running || !app.asksForRestart) return;
    // The app makes its keychain calls in a helper it replaces when they stick: it should never need this.
    violations.push('the app asked the bookkeeper to restart it because the keychain stopped answering');
    faults.add('app restarted: it said the keychain stopped answering it');
    // Keys held in memory for a keychain that never takes them are lost with the quit, as with a kill.
    kills.push({ realmId: undefined, atMs: simulatedNow() });
    await app.stop();
    await app.start(offsetMs);
  };

  const startCli = (args: readonly string[], env: NodeJS.ProcessEnv) => {
    // Verbose runs can ask a hung command line for Node's diagnostic report (SIGUSR2).
    const reportFlags = process.env.REALMKEEPER_CHAOS_VERBOSE === '1' ? ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${tmpdir()}`] : [];
    const child = spawn(process.execPath, [...reportFlags, options.cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<CommandRun>((resolve) => {
      child.once('close', (code, signal) => {
        live.delete(child);
        // `token` prints an access token on purpose; everything else is scanned for secrets.
        outputs.push({ where: `realmkeeper ${args.join(' ')} (stderr)`, text: stderr });
        if (args[0] !== 'token') outputs.push({ where: `realmkeeper ${args.join(' ')} (stdout)`, text: stdout });
        resolve({ code, signal, stdout, stderr });
      });
    });
    return { child, exited };
  };
  const run = async (args: readonly string[], env = baseEnvironment()): Promise<CommandRun> => startCli(args, env).exited;

  let statusBusy = 0;
  let violationsNarrated = 0;
  const companyStates = async (): Promise<Map<string, { status: string; cause: string | null; retryReason: string | null }>> => {
    let status = await run(['status', '--json']);
    // A database busy for longer than the command waits (exit 6) is asked again, as a bookkeeper would.
    for (let tries = 1; status.code === exitCodes.database && tries < 5; tries += 1) {
      statusBusy += 1;
      await delay(2_000);
      status = await run(['status', '--json']);
    }
    if (status.stdout.trim() === '') throw new Error(`realmkeeper status --json printed nothing (exit ${status.code}): ${status.stderr}`);
    const parsed = JSON.parse(status.stdout) as { companies: Array<{ realmId: string; status: string; cause: string | null; retryReason: string | null }> };
    return new Map(parsed.companies.map((company) => [company.realmId, { status: company.status, cause: company.cause, retryReason: company.retryReason }]));
  };

  /**
   * Under strict rotation a refresh whose answer never arrived, or whose process died before it
   * saved the answer, cannot be saved: the company is lost, and that is the run's doing, not the
   * engine's. Anything else is a violation.
   */
  const lossExplainedByTheRun = async (realmId: string, cause: string): Promise<boolean> => {
    if (cause === 'answer_lost') return true;
    if (cause !== 'stale_refresh_token') return false;
    const calls = await admin.tokenCalls();
    const refusal = calls.filter((call) => call.realmId === realmId && call.error === 'invalid_grant').at(-1);
    return refusal !== undefined && excusedStaleCalls(calls, kills).has(refusal.sequence);
  };

  /**
   * When the run last destroyed a company's keys: an answer it kept from the app, or a kill of a
   * process that may have held them (the app's own kills name no company).
   */
  const destroyedAt = async (realmId: string): Promise<number> => {
    const lostAnswer = (await admin.tokenCalls()).filter((call) => call.realmId === realmId && call.delivered === false).at(-1)?.atMs;
    const killed = kills.filter((kill) => kill.realmId === realmId || kill.realmId === undefined).at(-1)?.atMs;
    const times = [lostAnswer, killed].filter((time): time is number => time !== undefined);
    return times.length === 0 ? simulatedNow() : Math.max(...times);
  };

  /** See answerLostExplained: the simulator's record, the run's kills and the app's journal. */
  const answerLostIsWhatTheAppCouldKnow = async (realm: Realm): Promise<boolean> => {
    const calls = (await admin.tokenCalls()).filter((call) => call.realmId === realm.realmId);
    return answerLostExplained(calls, kills, (tokenHash) => journalledSends(join(home, 'realmkeeper.db'), companyIdFor(realm.environment, realm.realmId), tokenHash));
  };

  /**
   * Connects (or reconnects) one company as a bookkeeper would: the command line starts the
   * attempt, the simulator's consent page answers, and the answer reaches the process waiting for
   * it (sandbox: the command's loopback listener; production: the relay page's realmkeeper://
   * link, which the system hands to the running app). Returns whether Intuit's answer was kept.
   */
  const connect = async (realm: Realm, fault: { crashAt?: CrashPoint; loseAnswer?: boolean; reconnect: boolean }): Promise<boolean> => {
    const env = baseEnvironment();
    if (fault.crashAt !== undefined) env.REALMKEEPER_TEST_CRASH_AT = fault.crashAt;
    if (fault.loseAnswer === true) await admin.setFaults({ lostResponse: { grantType: 'authorization_code', realmId: realm.realmId } });
    const args = ['connect', '--env', realm.environment, '--no-browser', ...(fault.reconnect ? ['--reconnect', realm.realmId] : [])];
    const callsBefore = (await admin.tokenCalls()).length;
    const started = startCli(args, env);
    const url = await new Promise<string | undefined>((resolve) => {
      createInterface({ input: started.child.stdout }).on('line', (line) => {
        if (/^https?:\/\//.test(line)) resolve(line.trim());
      });
      void started.exited.then(() => resolve(undefined));
    });
    if (url === undefined) {
      const result = await started.exited;
      // A locked keychain spends no code: the bookkeeper unlocks it and tries again.
      // A locked keychain or database spends no code: the bookkeeper waits and tries again. A
      // keychain call that never answered ends the process with SIGKILL, saying which status it meant.
      const keychainFailed = result.code === exitCodes.keychain || result.stderr.includes(`exit status ${exitCodes.keychain} intended`);
      if (!keychainFailed && result.code !== exitCodes.database) throw new Error(`realmkeeper ${args.join(' ')} exited ${result.code} before printing an address: ${result.stderr}`);
      await Promise.all([keyringUnlocked, databaseReleased]);
      return false;
    }
    const { redirectUrl } = await admin.connect({ authorizationUrl: url, realmId: realm.realmId });
    if (realm.environment === 'production') {
      await started.exited;
      await restartIfAsked(clockOffsetMs);
      if (!app.running) await app.start(clockOffsetMs);
      await app.deliver(relayToProtocolUrl(redirectUrl));
    } else {
      // A killed listener resets the browser's connection: the bookkeeper sees an error page.
      const first = await fetch(redirectUrl, { redirect: 'manual' }).catch(() => undefined);
      await first?.text().catch(() => undefined);
      const location = first?.headers.get('location');
      if (location !== null && location !== undefined) await fetch(new URL(location, redirectUrl)).then((answer) => answer.text()).catch(() => undefined);
      const result = await started.exited;
      if (result.signal === 'SIGKILL') kills.push({ realmId: realm.realmId, atMs: simulatedNow() });
    }
    const exchange = (await admin.tokenCalls()).slice(callsBefore).filter((call) => call.grantType === 'authorization_code' && call.realmId === realm.realmId).at(-1);
    return exchange?.status === 200 && exchange.delivered === true && fault.crashAt !== 'exchange_after_answer' && fault.crashAt !== 'exchange_after_keychain_write';
  };

  /** Connects until the company is connected, as a bookkeeper tries again after a failure. */
  const connectUntilConnected = async (realm: Realm, reconnect: boolean): Promise<boolean> => {
    const crashAt = realm.environment === 'sandbox' && chance(0.25) ? pick(exchangeCrashPoints) : undefined;
    const loseAnswer = crashAt === undefined && chance(0.1);
    if (crashAt !== undefined) faults.add(`crash at ${crashAt}`);
    if (loseAnswer) faults.add('lost answer (code exchange)');
    let kept = await connect(realm, { crashAt, loseAnswer, reconnect });
    for (let attempt = 1; !kept; attempt += 1) {
      const states = await companyStates();
      const seen = states.get(realm.realmId);
      if (seen?.status === 'connected') break;
      if (attempt > 3) {
        // Intuit refuses codes too during an outage: the bookkeeper tries again another day.
        const lastExchange = (await admin.tokenCalls()).filter((call) => call.grantType === 'authorization_code' && call.realmId === realm.realmId).at(-1);
        if (lastExchange?.cause === 'outage') {
          faults.add('reconnect refused during an outage (tried again later)');
          return false;
        }
        // A keyring the run locked may have left the process that takes the answer unable to
        // store keys until it is restarted: the bookkeeper tries again another day.
        if (keyringLockedThisRound) {
          faults.add('reconnect failed in a round the keyring was locked (tried again later)');
          return false;
        }
        const appSaid = app.logLines.filter((line) => line.includes('protocol callback')).at(-1);
        violations.push(
          `realm ${realm.realmId} could not be ${reconnect ? 'reconnected' : 'connected'} in ${attempt} attempts (last: ${seen?.status ?? 'not listed'}, ${seen?.cause ?? 'no cause'}${appSaid === undefined ? '' : `; the app: ${appSaid}`})`,
        );
        return false;
      }
      kept = await connect(realm, { reconnect: reconnect || seen !== undefined });
    }
    return true;
  };

  // Killed or interrupted, the run leaves no process of its own behind.
  const killAll = (): void => {
    app.kill();
    for (const child of live) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  };
  process.once('exit', killAll);
  try {
    // --- Connect the companies: a third of them production, some attempts crashing or losing Intuit's answer.
    await app.start(clockOffsetMs);
    for (let index = 1; index <= options.companies; index += 1) {
      const environment: Environment = index % 3 === 0 ? 'production' : 'sandbox';
      const company = await admin.addCompany({ environment, companyName: `Chaos Company ${index}` });
      const realm: Realm = { realmId: company.realmId, environment, state: 'live', leftAtMs: 0, passesSinceDisconnect: 0, disconnectUrlDelivered: false, flaggedRounds: 0 };
      realms.set(realm.realmId, realm);
      if (!(await connectUntilConnected(realm, false))) realm.state = 'lost';
    }
    options.log(`connected ${realms.size} companies (${[...realms.values()].filter((realm) => realm.environment === 'production').length} production)`);

    // --- The rounds: the clock moves between rounds; the app and the command line work in each.
    const endAt = simulatedNow() + options.days * dayMs;
    let round = 0;
    while (simulatedNow() < endAt) {
      round += 1;
      // Besides the random draws, every round forces one kind in turn, so a short run sees them all.
      const forced = ['latency', 'burst', 'lost', 'outage', 'jump', 'disconnect', 'database', 'keyring', 'app'][(round - 1) % 9];
      const sleep = chance(0.05) || forced === 'jump';
      const step = sleep ? between(options.sleepDays[0], options.sleepDays[1]) * dayMs : between(options.stepHours[0], options.stepHours[1]) * hourMs;
      if (sleep) {
        faults.add('clock jump (sleep and resume)');
        asleep.push({ fromMs: simulatedNow(), untilMs: simulatedNow() + step });
      }
      await admin.advanceClock(step);
      clockOffsetMs += step;
      const roundStartMs = simulatedNow();

      // Faults at Intuit for this round.
      let latencySet = false;
      let outage = false;
      let burst = false;
      if (chance(0.15) || forced === 'latency') {
        await admin.setFaults({ latencyMs: between(200, 2500) });
        latencySet = true;
        faults.add('latency spike');
      }
      if (chance(0.12) || forced === 'burst') {
        const withRetryAfter = chance(0.5);
        await admin.setFaults({ failNext: { target: 'token', count: between(1, 4), status: pick(errorStatuses), ...(withRetryAfter ? { retryAfterSeconds: between(1, 7200) } : {}) } });
        faults.add(withRetryAfter ? '5xx/429 burst with Retry-After' : '5xx/429 burst');
        burst = true;
      }
      if (chance(0.05) || forced === 'outage') {
        await admin.setFaults({ outage: { forSeconds: between(600, 3600) } });
        outage = true;
        faults.add('outage window');
        roundFaults.push(`round ${round}: outage at ${simulatedNow()}`);
      }
      const queue: Array<{ command: CommandName; realmId: string }> = [];
      const working = [...realms.values()].filter((realm) => realm.state !== 'lost');
      // Not one already shown as needing a reconnect: a flag the engine will not revisit without
      // sending a dead token (answer_lost) cannot turn into "revoked" when the user disconnects too.
      const liveRealms = working.filter((realm) => realm.state === 'live' && realm.flaggedRounds === 0);
      if ((chance(0.08) || forced === 'lost') && liveRealms.length > 0) {
        const realm = pick(liveRealms);
        await admin.setFaults({ lostResponse: { realmId: realm.realmId } });
        faults.add('lost answer (refresh)');
        roundFaults.push(`round ${round}: lost answer for ${realm.realmId}`);
        queue.push({ command: 'refresh', realmId: realm.realmId });
      }
      let disconnected: Realm | undefined;
      if ((chance(0.04) && liveRealms.length > realms.size / 2) || (forced === 'disconnect' && liveRealms.length > 1)) {
        disconnected = pick(liveRealms);
        await admin.disconnect({ realmId: disconnected.realmId });
        disconnected.state = 'disconnected';
        disconnected.leftAtMs = simulatedNow();
        disconnected.passesSinceDisconnect = 0;
        faults.add('user disconnects company in QuickBooks');
        roundFaults.push(`round ${round}: user disconnected ${disconnected.realmId}`);
      }

      // The bookkeeper reconnects one company that needs it, now and then.
      const needing = [...realms.values()].filter((realm) => realm.state === 'lost');
      const wantsReconnect = needing.length > 0 && chance(0.5) ? pick(needing) : undefined;

      for (let index = 0; index < options.commandsPerRound; index += 1) {
        const draw = random();
        queue.push({ command: draw < 0.55 ? 'token' : draw < 0.85 ? 'refresh' : 'test', realmId: pick(working).realmId });
      }
      // Draw every fault before anything runs, so that the sequence does not depend on timing.
      const planned = queue.map((item) => {
        const draw = random();
        const fault: CommandFault =
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
      const databaseLock = chance(0.08) || forced === 'database' ? { afterMs: between(0, 1500), forMs: between(1000, 6000) } : undefined;
      const keyringLock = options.keyring !== undefined && (chance(0.06) || forced === 'keyring') ? { afterMs: between(0, 1500), forMs: between(1000, 6000) } : undefined;
      const appDraw = random();
      const appFault =
        forced === 'app' || appDraw < 0.12
          ? pick([{ kind: 'kill' as const, afterMs: between(0, 3000) }, { kind: 'pause' as const, afterMs: between(0, 2000), forMs: between(4500, 9000) }, { kind: 'skew' as const, byMs: (random() < 0.5 ? -1 : 1) * between(1, 36) * hourMs }])
          : undefined;
      // A production reconnect's answer reaches the app, which would judge the sign-in's age by a
      // clock the run moved hours away from the command line's: it waits for a round without that.
      const reconnecting = wantsReconnect?.environment === 'production' && appFault?.kind === 'skew' ? undefined : wantsReconnect;
      const deliverDisconnectUrl = disconnected !== undefined && chance(0.5);

      debug(`round ${round}: step ${step / hourMs} h${sleep ? " (asleep)" : ""} to ${new Date(simulatedNow()).toISOString()}, forced ${forced ?? ''}, ${planned.length} commands, app ${JSON.stringify(appFault)}, database ${JSON.stringify(databaseLock)}, keyring ${JSON.stringify(keyringLock)}, reconnect ${reconnecting?.realmId ?? 'none'}`);
      // --- The round's work, all at once.
      await restartIfAsked(clockOffsetMs - step);
      if (!app.running) await app.start(clockOffsetMs - step);
      const appOffset = clockOffsetMs + (appFault?.kind === 'skew' ? appFault.byMs : 0);
      if (appFault?.kind === 'skew') faults.add(appFault.byMs > 0 ? 'app clock ahead' : 'app clock behind');
      const appPass: Promise<PassOutcome> = app.moveClock(appOffset, 180_000);
      const sideJobs: Array<Promise<unknown>> = [];
      if (appFault?.kind === 'kill') {
        sideJobs.push(
          delay(appFault.afterMs).then(() => {
            if (!app.running) return;
            app.kill();
            kills.push({ realmId: undefined, atMs: simulatedNow() });
            faults.add('kill -9 (app)');
          }),
        );
      }
      if (appFault?.kind === 'pause') {
        faults.add('SIGSTOP/SIGCONT pause (app)');
        sideJobs.push(delay(appFault.afterMs).then(() => app.pause(appFault.forMs)));
      }
      if (deliverDisconnectUrl && disconnected !== undefined) {
        const realmId = disconnected.realmId;
        sideJobs.push(
          app.deliver(`realmkeeper://disconnected?realmId=${realmId}`).then((delivered) => {
            if (!delivered) return;
            faults.add("Intuit's Disconnect URL opened");
            const realm = realms.get(realmId);
            if (realm === undefined) return;
            realm.disconnectUrlDelivered = true;
            realm.disconnectUrlRound = round;
          }),
        );
      }
      if (databaseLock !== undefined && !without.has('database')) {
        faults.add('database write lock held by another program');
        const held = holdDatabaseLock(join(home, 'realmkeeper.db'), databaseLock.afterMs, databaseLock.forMs);
        databaseReleased = held;
        sideJobs.push(held);
      }
      const keyringLocked = keyringLock !== undefined && options.keyring !== undefined && !without.has('keyring');
      keyringLockedThisRound = keyringLocked;
      if (keyringLocked) {
        const keyring = options.keyring;
        faults.add('keyring locked for a while');
        sideJobs.push(
          delay(keyringLock.afterMs).then(async () => {
            let unlocked: () => void = () => undefined;
            keyringUnlocked = new Promise((resolve) => (unlocked = resolve));
            keyring.lock();
            await delay(keyringLock.forMs);
            await keyring.unlock();
            unlocked();
          }),
        );
      }
      if (reconnecting !== undefined) {
        faults.add('bookkeeper reconnects a company');
        sideJobs.push(
          connectUntilConnected(reconnecting, true).then((connected) => {
            if (!connected) return;
            away.get(reconnecting.realmId)?.push({ fromMs: reconnecting.leftAtMs, untilMs: simulatedNow() });
            if (!away.has(reconnecting.realmId)) away.set(reconnecting.realmId, [{ fromMs: reconnecting.leftAtMs, untilMs: simulatedNow() }]);
            reconnecting.state = 'live';
            reconnecting.flaggedRounds = 0;
            reconnecting.disconnectUrlDelivered = false;
          }),
        );
      }

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
        const entry: CommandTrace = { round, command, realmId: item.realmId, fault: JSON.stringify(fault), exit: '', stderr: '' };
        trace.push(entry);
        const started = startCli([command, item.realmId], env);
        const timers: NodeJS.Timeout[] = [];
        if (fault.kind === 'kill') {
          timers.push(
            setTimeout(() => {
              if (started.child.exitCode !== null || started.child.signalCode !== null) return;
              started.child.kill('SIGCONT');
              started.child.kill('SIGKILL');
              kills.push({ realmId: item.realmId, atMs: simulatedNow() });
              faults.add('kill -9 (command line)');
            }, fault.afterMs),
          );
        }
        if (fault.kind === 'pause') {
          timers.push(
            setTimeout(() => {
              if (started.child.exitCode !== null || started.child.signalCode !== null) return;
              started.child.kill('SIGSTOP');
              faults.add('SIGSTOP/SIGCONT pause (command line)');
              timers.push(setTimeout(() => started.child.kill('SIGCONT'), fault.forMs));
            }, fault.afterMs),
          );
        }
        const hung = setTimeout(() => {
          violations.push(`round ${round}: realmkeeper ${command} ${item.realmId} did not finish in 120 s`);
          started.child.kill('SIGCONT');
          started.child.kill('SIGUSR2');
          setTimeout(() => started.child.kill('SIGKILL'), 2000);
        }, 120_000);
        const result = await started.exited;
        debug(`  ${command} ${item.realmId} ${JSON.stringify(fault)} → ${result.signal ?? String(result.code)}${result.code !== 0 && result.code !== null ? `: ${result.stderr.trim().split('\n').join(' | ')}` : ''}`);
        clearTimeout(hung);
        for (const timer of timers) clearTimeout(timer);
        entry.exit = result.signal ?? String(result.code);
        entry.stderr = result.stderr.trim().slice(0, 400);
        if (result.signal === 'SIGKILL' && fault.kind === 'crash') kills.push({ realmId: item.realmId, atMs: simulatedNow() });
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
      void appPass.then((outcome) => debug(`  the app's pass: ${outcome}`));
      const [passOutcome] = await Promise.all([appPass, Promise.all(Array.from({ length: options.lanes }, lane)), ...sideJobs.map((job, index) => job.then(() => debug(`  side job ${index} done`)))]);
      if (latencySet) await admin.setFaults({ latencyMs: 0 });
      if (passOutcome === 'done') appPasses += 1;
      if (passOutcome === 'timed out') {
        appPassesTimedOut += 1;
        // gnome-keyring without a prompter can leave the calls a process made while it was locked
        // unanswered for good (gdb: inside secret_password_lookup_sync, minutes after the unlock).
        // The app makes them in a helper process and replaces it then, so even such a round's pass ends.
        passHung(`round ${round}: the app's pass after the clock moved${keyringLocked ? ' (the run had locked the keyring)' : ''}`);
      }
      if (appFault?.kind === 'skew' && app.running) await app.moveClock(clockOffsetMs, 60_000);

      // --- What the bookkeeper would see now, judged.
      // A pass that could not write its findings (database or keyring locked by the run) proves nothing yet.
      const healthyPass = passOutcome === 'done' && !outage && databaseLock === undefined && !keyringLocked;
      const states = await companyStates();
      for (const realm of realms.values()) {
        const seen = states.get(realm.realmId);
        const flagged = seen?.status === 'needs_reconnect';
        if (realm.state === 'disconnected') {
          if (healthyPass && simulatedNow() - realm.leftAtMs >= keepAliveHours * hourMs) realm.passesSinceDisconnect += 1;
          if (flagged) {
            if (seen.cause !== 'revoked' && !(seen.cause === 'answer_lost' && (await answerLostIsWhatTheAppCouldKnow(realm))))
              violations.push(`round ${round}: ${realm.realmId} was disconnected by the user but is flagged "${seen.cause ?? 'no cause'}", not revoked`);
            longestFlagHours = Math.max(longestFlagHours, (simulatedNow() - realm.leftAtMs) / hourMs);
            if (realm.disconnectUrlRound !== undefined) flagsAfterNotice[realm.disconnectUrlRound === round ? 'sameRound' : 'later'] += 1;
            lost.add(`disconnected by the user, flagged ${seen.cause ?? 'without a cause'}`);
            realm.state = 'lost';
          } else if (realm.passesSinceDisconnect >= 2) {
            // The issue's rule: flagged within one refresh cycle. A delivered Disconnect URL makes
            // the app check at once, and its refusal then counts as the revocation; the table shows
            // how many were flagged in the notice's own round (a locked database or keyring, or a
            // killed app, can delay that check to the next keep-alive pass).
            violations.push(
              `round ${round}: ${realm.realmId} was disconnected by the user ${((simulatedNow() - realm.leftAtMs) / hourMs).toFixed(0)} simulated hours ago${realm.disconnectUrlDelivered ? ' (its Disconnect URL was delivered)' : ''} and is still shown ${seen?.status ?? 'missing'}`,
            );
            realm.state = 'lost';
          }
          continue;
        }
        if (realm.state !== 'live') continue;
        if (seen === undefined) {
          violations.push(`round ${round}: ${realm.realmId} is missing from \`realmkeeper status\``);
          continue;
        }
        if (!flagged) {
          if (realm.flaggedRounds > 0) recovered.add('flagged while Intuit misbehaved, then recovered');
          realm.flaggedRounds = 0;
          continue;
        }
        // A company flagged during a suspected outage is checked again once Intuit answers: give it two healthy passes.
        if (realm.flaggedRounds === 0) realm.leftAtMs = simulatedNow();
        realm.flaggedRounds += healthyPass ? 1 : 0.01;
        if (realm.flaggedRounds < 2) continue;
        realm.state = 'lost';
        const cause = seen.cause ?? 'no cause';
        lost.add(`not disconnected by the user: ${cause}`);
        roundFaults.push(`round ${round}: ${realm.realmId} lost, ${cause}`);
        if (!(await lossExplainedByTheRun(realm.realmId, cause))) violations.push(`round ${round}: ${realm.realmId} needs reconnecting (${cause}) though the run neither disconnected it nor lost its answer`);
      }
      // A real app's clock flows between rounds: a company whose refresh a fault refused (a lock,
      // an outage, a burst, a late answer) is tried again within the backoff's longest wait, an
      // hour, and Retry-After is clamped to that too. This app acts only when its clock moves, so
      // after such a round that hour passes before the next step (strict seed 4242: rounds of
      // faults in a row left a company a whole step each without the retry it was due).
      if ((keyringLocked || databaseLock !== undefined || outage || burst || latencySet) && app.running) {
        await admin.advanceClock(retryWaitMs);
        clockOffsetMs += retryWaitMs;
        const settled = await app.moveClock(clockOffsetMs, 180_000);
        debug(`  an hour on, the app's pass: ${settled}`);
        if (settled === 'timed out') passHung(`round ${round}: the app's pass an hour after the round's faults`);
      }
      if (keyringLocked) keychainOutSince ??= { atMs: roundStartMs, round };
      if (keychainOutSince !== undefined) {
        const waiting = [...(await companyStates()).values()].filter((company) => company.status === 'retrying' && company.retryReason === 'keychain').length;
        if (waiting === 0) {
          keychainOut.push({ fromMs: keychainOutSince.atMs, untilMs: simulatedNow() });
          keychainOutSince = undefined;
        } else if (round - keychainOutSince.round >= 3) {
          violations.push(`round ${round}: ${waiting} companies still wait on the keychain ${round - keychainOutSince.round} rounds after the run locked it`);
          keychainOutSince = { atMs: simulatedNow(), round };
        }
      }
      for (const violation of violations.slice(violationsNarrated)) debug(`  VIOLATION ${violation}`);
      violationsNarrated = violations.length;
      if (round % 10 === 0) options.log(`round ${round}: day ${Math.floor((simulatedNow() - (endAt - options.days * dayMs)) / dayMs)} of ${options.days}, ${violations.length} violations so far`);
    }

    // --- The consistency check, with Intuit healthy again and past every outage window.
    await admin.clearFaults();
    await admin.advanceClock(2 * hourMs);
    clockOffsetMs += 2 * hourMs;
    if (!app.running) await app.start(clockOffsetMs - 2 * hourMs);
    const finalPass = await app.moveClock(clockOffsetMs, 180_000);
    if (finalPass !== 'done') violations.push(`the app's last pass did not end (${finalPass})`);
    await app.stop();
    for (const realm of realms.values()) {
      if (realm.state !== 'live') continue;
      const refresh = await run(['refresh', realm.realmId]);
      if (refresh.code !== 0) {
        const last = (await admin.tokenCalls()).filter((call) => call.realmId === realm.realmId && call.error === 'invalid_grant').at(-1);
        // The engine may already know the answer was lost (its journal) and send nothing more: its
        // cause, as during the rounds, or else the simulator's last refusal.
        const engineSays = /needs reconnecting \(answer_lost\)/.test(refresh.stderr) ? 'answer_lost' : undefined;
        if (await lossExplainedByTheRun(realm.realmId, engineSays ?? last?.cause ?? 'none')) {
          lost.add('answer lost or process killed by the run (found at the end)');
          // Nothing could refresh it after the run destroyed its keys: from then on it was away.
          realm.state = 'lost';
          realm.leftAtMs = await destroyedAt(realm.realmId);
          continue;
        }
        violations.push(`${realm.realmId}: cannot be refreshed at the end (exit ${refresh.code}): ${refresh.stderr.trim()}; last refusal cause ${last?.cause ?? 'none'}`);
        continue;
      }
      const test = await run(['test', realm.realmId]);
      if (test.code !== 0) violations.push(`${realm.realmId}: refreshed, but \`realmkeeper test\` failed (${test.code}): ${test.stderr.trim()}`);
    }
    const calls = await admin.tokenCalls();
    const allExcused = excusedStaleCalls(calls, kills);

    const refusedByCause = new Counter();
    let staleExcused = 0;
    const staleResends = new Counter();
    for (const call of calls) {
      if (call.error === 'invalid_grant') refusedByCause.add(call.cause ?? 'unknown');
      const selfInflicted = call.cause !== null && selfInflictedCauses.has(call.cause);
      const grace = call.grantType === 'refresh_token' && call.status === 200 && call.usedLatest === false;
      if (!selfInflicted && !grace) continue;
      if (allExcused.has(call.sequence)) {
        staleExcused += 1;
        if (call.tokenHash !== null) staleResends.add(call.tokenHash);
        continue;
      }
      violations.push(
        `call #${call.sequence} (realm ${call.realmId ?? '?'}, ${call.grantType ?? call.endpoint}): ${selfInflicted ? `invalid_grant ${call.cause}` : 'accepted a superseded refresh token under the grace period'}, not explained by a lost answer or a kill`,
      );
    }
    // A token whose answer was lost is sent once more to learn its fate, never a second time.
    const resentMoreThanOnce = [...staleResends.counts.values()].filter((count) => count > 1).length;
    if (resentMoreThanOnce > 0) violations.push(`${resentMoreThanOnce} superseded refresh token(s) sent more than once after their answer was lost`);
    for (const connection of await admin.connections()) {
      if (connection.revokedBecause === 'code_reused') violations.push(`connection ${connection.id} (realm ${connection.realmId ?? '?'}) revoked because a code was reused`);
    }

    const successes = successTimes(calls);
    for (const realm of realms.values()) {
      if (realm.state !== 'live') away.set(realm.realmId, [...(away.get(realm.realmId) ?? []), { fromMs: realm.leftAtMs, untilMs: simulatedNow() }]);
    }
    if (keychainOutSince !== undefined) keychainOut.push({ fromMs: keychainOutSince.atMs, untilMs: simulatedNow() });
    const gap = longestAwakeGap(successes, [...asleep, ...keychainOut], away, simulatedNow());
    const gapLimitHours = keepAliveHours + 2 * options.stepHours[1];
    if (gap.hours > gapLimitHours) {
      const span = gap.fromMs === undefined || gap.untilMs === undefined ? '' : `, between ${new Date(gap.fromMs).toISOString()} and ${new Date(gap.untilMs).toISOString()} simulated`;
      violations.push(`realm ${gap.realmId ?? '?'} went ${gap.hours.toFixed(0)} awake hours without a successful refresh (limit ${gapLimitHours}${span})`);
    }

    // No code or token Intuit issued may be in the data folder (database, WAL, logs, locks) or in any output.
    const issued = issuedSecretList(await admin.issuedSecrets());
    const index = new SecretIndex(issued);
    const findings = [
      ...findIssuedSecrets(home, index),
      ...[...outputs, { where: 'the app (stderr)', text: app.logLines.join('\n') }].flatMap((output) => findSecretsIn(output.where, output.text, index)),
    ];
    for (const finding of findings) violations.push(`a ${finding.kind} Intuit issued is in ${finding.where} (${finding.secret})`);

    const refreshesDone = calls.filter((call) => call.grantType === 'refresh_token' && call.status === 200).length;
    const table = formatTable([
      ['seed', String(options.seed)],
      ['simulator', options.strict ? 'strict' : 'documented'],
      ['companies', `${realms.size} (${[...realms.values()].filter((realm) => realm.environment === 'production').length} production)`],
      ['simulated days', `${options.days} in ${round} rounds`],
      ['commands run', commandsRun.describe()],
      ['app passes', `${appPasses} ended, ${appPassesTimedOut} timed out; the app was started ${app.starts} times`],
      ['keychain helper replaced by the app', `${app.keychainHelperRestarts} times (its calls stuck after a keyring lock)`],
      ['`realmkeeper status` told the database was busy', `${statusBusy} times (asked again)`],
      ['refreshes done (Intuit 200)', String(refreshesDone)],
      ['faults injected', faults.summary()],
      ['invalid_grant by cause', refusedByCause.summary()],
      ['stale sends explained by the run', String(staleExcused)],
      ['superseded tokens sent more than once', String(resentMoreThanOnce)],
      ['companies lost by cause', lost.summary()],
      ['flagged, then recovered', recovered.summary()],
      ['Disconnect URL delivered, flagged that round', `${flagsAfterNotice.sameRound} of ${flagsAfterNotice.sameRound + flagsAfterNotice.later}`],
      ['longest flag after a disconnect', `${longestFlagHours.toFixed(0)} simulated hours (keep-alive ${keepAliveHours} h)`],
      ['keychain out after the run\'s locks', `${(keychainOut.reduce((sum, interval) => sum + interval.untilMs - interval.fromMs, 0) / hourMs).toFixed(0)} simulated hours in ${keychainOut.length} spells (not held against the keep-alive)`],
      ['longest without a refresh, awake', `${gap.hours.toFixed(0)} hours${gap.realmId === undefined ? '' : ` (realm ${gap.realmId})`}; limit ${gapLimitHours}`],
      ['secret scan', `${issued.length} codes and tokens issued; ${findings.length} found in the data folder or any output`],
      ['consistency check', violations.length === 0 ? 'PASS' : `FAIL (${violations.length} violations)`],
    ]);
    return { table, violations, trace: { roundFaults, kills, commands: trace, calls } };
  } finally {
    process.off('exit', killAll);
    killAll();
    await simulator.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** The app's journal rows for a refresh token, by the simulator's short hash of it (a prefix of the app's). */
function journalledSends(path: string, companyId: string, shortHash: string): number {
  const database = new Database(path, withNativeBinding({ readonly: true, fileMustExist: true, timeout: 10_000 }));
  try {
    const count: unknown = database
      .prepare('SELECT count(*) FROM refresh_journal WHERE company_id = ? AND substr(refresh_token_hash, 1, ?) = ?')
      .pluck()
      .get(companyId, shortHash.length, shortHash);
    return typeof count === 'number' ? count : 0;
  } finally {
    database.close();
  }
}

/** Another program (a backup tool, a second copy of the database's reader) holding the write lock. */
async function holdDatabaseLock(path: string, afterMs: number, forMs: number): Promise<void> {
  await delay(afterMs);
  const database = new Database(path, withNativeBinding({ timeout: 10_000 }));
  try {
    database.exec('BEGIN IMMEDIATE');
    await delay(forMs);
    database.exec('COMMIT');
  } finally {
    database.close();
  }
}

/** Each realm's successful refreshes and exchanges, in simulator time. */
function successTimes(calls: readonly TokenCallRecord[]): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const call of calls) {
    if (call.realmId === null || call.status !== 200 || call.delivered !== true) continue;
    if (call.grantType !== 'refresh_token' && call.grantType !== 'authorization_code') continue;
    times.set(call.realmId, [...(times.get(call.realmId) ?? []), call.atMs]);
  }
  return times;
}
