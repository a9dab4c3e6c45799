import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Browser, Page } from '@playwright/test';
import type { BenchScale } from './bench-options';
import { mebibytes, ms, type BenchReport } from './bench-report';
import type { BenchWorld } from './bench-world';
import { childClockAdvanceMs, simulatorUrlVariable } from './engine-memory';
import { benchCompanyInputs } from './simulator-process';
import type { WindowHostMessage } from './window-host';

export const chromiumPath = process.env['REALMKEEPER_CHROMIUM'] ?? '/usr/bin/chromium';

const perSizeKeys = ['Companies', 'FirstRenderMs', 'DomNodes', 'Rows', 'UpdatesApplied', 'PassMs', 'TrailsPassMs', 'LongTaskMsDuringPass', 'LongestTaskMs', 'FramesPerSecondDuringPass', 'SearchMs', 'ClearSearchMs', 'StatusFilterMs', 'ShellRssBytes', 'PageHeapBytes'];

/** The three sizes by name, so that the keys are the same in a tiny run as in a full one. */
export const windowSizeNames = ['Small', 'Medium', 'Large'] as const;

export const windowKeys: readonly string[] = windowSizeNames.flatMap((size) => perSizeKeys.map((key) => `window${size}${key}`));

/** Installed before the renderer loads: long tasks, animation frames and DOM changes, timed. */
const pageProbe = `
  window.__bench = { longTasks: [], frames: [], lastMutationAt: 0, mutations: 0 };
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__bench.longTasks.push([entry.startTime, entry.duration]); }).observe({ type: 'longtask', buffered: true });
  const frame = (time) => { window.__bench.frames.push(time); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new MutationObserver(() => { window.__bench.mutations += 1; window.__bench.lastMutationAt = performance.now(); })
    .observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
`;

interface PageProbe {
  longTasks: Array<[number, number]>;
  frames: number[];
  lastMutationAt: number;
  mutations: number;
}

declare global {
  interface Window {
    __bench: PageProbe;
  }
}

/** Twice the pass's ideal time, at least 20 s: a pass slower than that is reported as stopped. */
function passDeadlineMs(scale: BenchScale): number {
  return Math.max(20_000, ((2 * scale.windowUpdates * scale.launchLatencyMs) / 4));
}

class WindowHost {
  private readonly messages: WindowHostMessage[] = [];
  private readonly waiters: Array<(message: WindowHostMessage) => void> = [];

  constructor(private readonly child: ReturnType<typeof spawn>) {
    if (child.stdout === null) throw new Error('no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const message = JSON.parse(line) as WindowHostMessage;
      const waiter = this.waiters.shift();
      if (waiter === undefined) this.messages.push(message);
      else waiter(message);
    });
  }

  /** The host's next message, or undefined when `timeoutMs` passes first. */
  next(timeoutMs = 600_000): Promise<WindowHostMessage | undefined> {
    const queued = this.messages.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, timeoutMs);
      const waiter = (message: WindowHostMessage) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push(waiter);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the window host exited with ${code}`));
      });
    });
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin?.end();
    await exited;
  }
}

async function timeInPage(page: Page, action: 'search' | 'clear' | 'status', needle: string): Promise<number> {
  return page.evaluate(
    async ({ action, needle }) => {
      const rows = () => [...document.querySelectorAll('[data-testid="company-row"]')];
      // The companies listed, not the rows drawn: a long list is windowed (the table's aria-rowcount counts its header).
      const listed = () => {
        const table = document.querySelector('table[aria-rowcount]');
        return table === null ? rows().length : Number(table.getAttribute('aria-rowcount')) - 1;
      };
      const before = listed();
      const started = performance.now();
      if (action === 'status') {
        const select = document.querySelector<HTMLSelectElement>('[role="search"] select');
        if (select === null) return Number.NaN;
        const other = [...select.options].find((option) => option.value !== select.value && option.value !== 'all');
        if (other === undefined) return Number.NaN;
        const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')?.set;
        setter?.call(select, other.value);
        select.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        const input = document.querySelector<HTMLInputElement>('[role="search"] input[type="search"]');
        if (input === null) return Number.NaN;
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        setter?.call(input, action === 'search' ? needle : '');
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      const done = () => {
        const now = rows();
        if (action === 'search') return now.length > 0 && now.every((row) => row.textContent?.includes(needle) === true);
        return listed() !== before;
      };
      for (let frame = 0; frame < 600 && !done(); frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
      // One more frame: the time the result is on screen, not merely in the DOM.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - started;
    },
    { action, needle },
  );
}

async function measureSize(browser: Browser, world: BenchWorld, scale: BenchScale, report: BenchReport, companies: number, sizeName: string, entry: string): Promise<void> {
  const updates = Math.min(companies, scale.windowUpdates, world.connectedRealms.length);
  const { home, secretsLine } = await world.handOver('window');
  const env = { ...world.childEnvironment(), REALMKEEPER_HOME: home, [simulatorUrlVariable]: world.simulator.description.url };
  const child = spawn(process.execPath, [entry, '--child', 'window-host', String(companies), String(updates)], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const host = new WindowHost(child);
  host.send(secretsLine.trimEnd());
  const page = await browser.newPage();
  try {
    const ready = await host.next();
    world.noteClockAdvanced(childClockAdvanceMs);
    if (ready?.kind !== 'ready') throw new Error('the window host did not start');
    await page.addInitScript(pageProbe);
    await page.goto(ready.url);
    // Every company listed (the table's aria-rowcount, header included) and the first rows drawn.
    await page.waitForFunction(
      (count) => {
        const drawn = document.querySelectorAll('[data-testid="company-row"]').length;
        const table = document.querySelector('table[aria-rowcount]');
        const listed = table === null ? drawn : Number(table.getAttribute('aria-rowcount')) - 1;
        return listed >= count && drawn >= Math.min(count, 20);
      },
      companies,
      { polling: 'raf', timeout: 120_000 },
    );
    const firstRenderMs = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const rows = await page.evaluate(() => document.querySelectorAll('[data-testid="company-row"]').length);

    await world.admin.setFaults({ latencyMs: scale.launchLatencyMs });
    const passStartedInPage = await page.evaluate(() => performance.now());
    host.send('pass');
    let done = await host.next(passDeadlineMs(scale));
    if (done === undefined) {
      host.send('give_up');
      done = await host.next();
    }
    await world.admin.clearFaults();
    if (done?.kind !== 'pass_done') throw new Error('the window host did not finish its pass');
    if (!done.finished) report.note(`window, ${companies} companies: the launch pass had refreshed ${done.done} of ${updates} companies when the bench stopped waiting (${ms(done.passMs)}); the figures cover that part`);
    // Let the window finish what the last events asked of it: quiet for 500 ms, or 20 s at most.
    await page.waitForFunction(() => performance.now() - window.__bench.lastMutationAt > 500, undefined, { polling: 100, timeout: 20_000 }).catch(() => undefined);
    const probe = await page.evaluate(() => window.__bench);
    const passEndInPage = passStartedInPage + done.passMs;
    const duringPass = probe.longTasks.filter(([start]) => start >= passStartedInPage && start <= passEndInPage + 500);
    const longTaskMs = duringPass.reduce((sum, [, duration]) => sum + duration, 0);
    const longestTask = Math.max(0, ...duringPass.map(([, duration]) => duration));
    const frames = probe.frames.filter((time) => time >= passStartedInPage && time <= passEndInPage).length;
    const framesPerSecond = frames / (done.passMs / 1000);
    const trailsMs = Math.max(0, probe.lastMutationAt - passEndInPage);

    // A whole company name: letters, so that no realm id (digits, also searched) matches it.
    const needle = benchCompanyInputs(companies)[Math.floor(companies * 0.77)]?.companyName ?? '';
    const searchMs = await timeInPage(page, 'search', needle);
    const clearMs = await timeInPage(page, 'clear', needle);
    const statusMs = await timeInPage(page, 'status', needle);
    const heap = await page.evaluate(() => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? Number.NaN);

    const key = (name: string) => `window${sizeName}${name}`;
    report.set(key('Companies'), companies);
    report.set(key('FirstRenderMs'), firstRenderMs);
    report.set(key('DomNodes'), domNodes);
    report.set(key('Rows'), rows);
    report.set(key('UpdatesApplied'), done.done);
    report.set(key('PassMs'), done.passMs);
    report.set(key('TrailsPassMs'), trailsMs);
    report.set(key('LongTaskMsDuringPass'), longTaskMs);
    report.set(key('LongestTaskMs'), longestTask);
    report.set(key('FramesPerSecondDuringPass'), framesPerSecond);
    report.set(key('SearchMs'), searchMs);
    report.set(key('ClearSearchMs'), clearMs);
    report.set(key('StatusFilterMs'), statusMs);
    report.set(key('ShellRssBytes'), done.rss);
    report.set(key('PageHeapBytes'), heap);
    const section = `window, ${companies} companies`;
    report.row(section, 'first render of the dashboard', ms(firstRenderMs), `${rows} rows drawn, ${domNodes} DOM nodes`);
    report.row(section, `${done.done} of ${updates} due refreshed by a launch pass${done.finished ? '' : ' (stopped)'}`, ms(done.passMs), `${done.events} events; window done ${ms(trailsMs)} after the pass; long tasks ${ms(longTaskMs)} (longest ${ms(longestTask)}); ${framesPerSecond.toFixed(0)} frames/s`);
    report.row(section, 'search, clear search, status filter', `${ms(searchMs)}`, `clear ${ms(clearMs)}, status filter ${ms(statusMs)}`);
    report.row(section, 'memory', mebibytes(done.rss), `browser shell's resident memory; page heap ${mebibytes(heap)}`);
  } finally {
    await page.close();
    await host.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The dashboard in Chromium through the browser shell, at each size: the first render, a launch
 * pass's status updates arriving while it is open, search and filter, the DOM's size, memory.
 */
export async function benchWindow(world: BenchWorld, scale: BenchScale, report: BenchReport, entry: string): Promise<void> {
  if (!existsSync(chromiumPath)) {
    report.note(`window: no Chromium at ${chromiumPath} (set REALMKEEPER_CHROMIUM); not measured`);
    return;
  }
  // Loaded here, not at start: Playwright costs the other benchmarks' process a third of a second.
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
  try {
    for (const [index, size] of scale.windowSizes.entries()) await measureSize(browser, world, scale, report, size, windowSizeNames[index] ?? String(size), entry);
  } finally {
    await browser.close();
  }
}
