import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The app as a bookkeeper runs it, for the chaos run: the browser shell's process (the same app
 * service, scheduler, keep-alive and outage handling as the desktop window), its clock moved by a
 * file the app polls, realmkeeper:// URLs delivered as the system would hand them to the window.
 */
export interface AppProcessOptions {
  /** The built browser shell (`dist/main/web.js` or a copy). */
  readonly webPath: string;
  readonly env: () => NodeJS.ProcessEnv;
  readonly clockFile: string;
  /** Where to copy the app's log as it runs (REALMKEEPER_CHAOS_VERBOSE), for finding a hang. */
  readonly logFile?: string;
}

interface Waiter {
  readonly offsetMs: number;
  readonly resolve: (outcome: PassOutcome) => void;
}

export type PassOutcome = 'done' | 'app exited' | 'timed out';

export class AppProcess {
  private child: ChildProcess | undefined;
  private origin = '';
  private token = '';
  private waiters: Waiter[] = [];
  /** While the app is stopped, resolves when it runs again: the system queues a URL for it meanwhile. */
  private resumed: Promise<void> = Promise.resolve();
  /** How often the app died under the run (kill -9), and how often it was started again. */
  starts = 0;
  readonly stderrTail: string[] = [];
  /** Everything the app wrote to stderr (its log and any crash output): for the secret scan and the verdict's explanations. */
  readonly logLines: string[] = [];

  constructor(private readonly options: AppProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Writes the offset where the running app polls it: a rename, so the app never reads half a number. */
  setClock(offsetMs: number): void {
    const temporary = `${this.options.clockFile}.next`;
    writeFileSync(temporary, String(offsetMs));
    renameSync(temporary, this.options.clockFile);
  }

  async start(offsetMs: number): Promise<void> {
    this.setClock(offsetMs);
    const child = spawn(process.execPath, [this.options.webPath], {
      env: { ...this.options.env(), REALMKEEPER_NO_BROWSER: '1', REALMKEEPER_WEB_PORT: '0', REALMKEEPER_TEST_CLOCK_FILE: this.options.clockFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    this.restartAsked = false;
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => this.onLogLine(line));
    child.once('close', () => {
      if (this.child === child) this.child = undefined;
      for (const waiter of this.waiters.splice(0)) waiter.resolve('app exited');
    });
    const address = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve(line));
      child.once('close', (code) => reject(new Error(`the app exited (${code}) before it printed its address: ${this.stderrTail.join(' | ')}`)));
    });
    const match = /running at (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(address);
    if (match === null) throw new Error(`the app printed "${address}", not its address`);
    this.origin = match[1] ?? '';
    this.token = match[2] ?? '';
    // The first pass (the launch refresh) runs by itself; startBackground is not awaited by the shell.
    if (this.options.logFile !== undefined) void this.copyEvents(this.options.logFile);
  }

  /** The app's events (what the window would show) beside its log, for finding a hang. */
  private async copyEvents(logFile: string): Promise<void> {
    const answer = await fetch(`${this.origin}/api/events`, { headers: { 'x-realmkeeper-token': this.token } }).catch(() => undefined);
    if (answer?.body === undefined || answer.body === null) return;
    const decoder = new TextDecoder();
    const reader = answer.body.getReader();
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) appendFileSync(logFile, `[event ${new Date().toISOString()}] ${decoder.decode(chunk.value).trim()}\n`);
    } catch {
      // The app exited.
    }
  }

  /**
   * Moves the app's clock, and resolves when the pass the move caused has ended (the app says so
   * in its log), when the app exits, or after `timeoutMs` of real time.
   */
  moveClock(offsetMs: number, timeoutMs: number): Promise<PassOutcome> {
    if (this.child === undefined) return Promise.resolve('app exited');
    return new Promise<PassOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        resolve('timed out');
      }, timeoutMs);
      const entry: Waiter = {
        offsetMs,
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.waiters.push(entry);
      this.setClock(offsetMs);
    });
  }

  /** A realmkeeper:// URL, as the system hands it to the running app. */
  async deliver(url: string): Promise<boolean> {
    await this.resumed;
    if (this.child === undefined) return false;
    const answer = await fetch(`${this.origin}/api/protocol-url`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-realmkeeper-token': this.token },
      body: JSON.stringify({ url }),
      signal: AbortSignal.timeout(60_000),
    }).catch(() => undefined);
    await answer?.text();
    return answer?.status === 200;
  }

  kill(): void {
    const child = this.child;
    if (child === undefined) return;
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  }

  pause(forMs: number): Promise<void> {
    const child = this.child;
    if (child === undefined) return Promise.resolve();
    child.kill('SIGSTOP');
    this.resumed = new Promise((resolve) =>
      setTimeout(() => {
        child.kill('SIGCONT');
        resolve();
      }, forMs),
    );
    return this.resumed;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(forced);
  }

  /** The app said the keychain stopped answering it and asked for a restart, which is the bookkeeper's to do. */
  get asksForRestart(): boolean {
    return this.restartAsked;
  }

  private restartAsked = false;

  /** How often the app ended its keychain helper because the keychain stopped answering it. */
  get keychainHelperRestarts(): number {
    return this.helperRestarts;
  }

  private helperRestarts = 0;

  private onLogLine(line: string): void {
    this.logLines.push(line);
    if (line.includes('The system keychain has not answered') && line.includes('restart Realmkeeper')) this.restartAsked = true;
    if (line.includes('ended the process that was waiting on it')) this.helperRestarts += 1;
    if (this.options.logFile !== undefined) appendFileSync(this.options.logFile, `${line}\n`);
    this.stderrTail.push(line);
    if (this.stderrTail.length > 40) this.stderrTail.shift();
    const done = /Test clock moved to offset (-?\d+) ms; the pass after it is done/.exec(line);
    if (done === null) return;
    const offsetMs = Number(done[1]);
    // A later move's pass also covers the moves before it (the app's clock is past them).
    const index = this.waiters.findIndex((waiter) => waiter.offsetMs === offsetMs);
    if (index === -1) return;
    for (const waiter of this.waiters.splice(0, index + 1)) waiter.resolve('done');
  }
}
