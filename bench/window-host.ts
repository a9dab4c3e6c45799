import { createInterface } from 'node:readline';
import { readClockOffset } from '../main/app/app-clock';
import { silentLogger } from '../main/app/app-logger';
import { startApp } from '../main/app/start-app';
import { ConnectionEngine } from '../main/core/engine/connection-engine';
import { deleteCompany, insertCompany, recordCompanyTokenTimes } from '../main/core/storage/company-repository';
import { startWebServer } from '../main/web/web-server';
import { SimulatorAdmin } from '../test/support/simulator-admin';
import { secretStoreFromInput } from './bench-world';
import { childClockAdvanceMs, simulatorUrlVariable } from './engine-memory';
import { benchCompanyInputs } from './simulator-process';

/** What the host prints, one JSON line per message, for the bench to read. */
export type WindowHostMessage =
  | { readonly kind: 'ready'; readonly url: string; readonly companies: number; readonly due: number; readonly rss: number }
  | { readonly kind: 'pass_done'; readonly passMs: number; readonly events: number; readonly done: number; readonly finished: boolean; readonly rss: number };

/**
 * The child side: the browser shell as `npm run start:web` runs it (the app service behind the
 * web server, serving dist/renderer), except that the launch pass waits for the bench's "pass"
 * line, so that the window's first render and its handling of the pass are measured apart.
 * It opens a copy of the world's data folder (secrets handed over on the first line of stdin):
 * the first `due` companies are really connected and refreshed against the simulator; the
 * others are dropped, or, past the world's size, written through the storage functions as
 * fresh rows that are not due (connecting 5,000 companies would outlast the whole bench).
 */
export async function runWindowHostChild(args: readonly string[], rendererDirectory: string): Promise<void> {
  const companies = Number(args[0] ?? '0');
  const due = Math.min(companies, Number(args[1] ?? '0'));
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const secretStore = await secretStoreFromInput(lines);
  let offset = readClockOffset(process.env);
  const admin = new SimulatorAdmin(process.env[simulatorUrlVariable] ?? '');
  await admin.advanceClock(childClockAdvanceMs);
  offset += childClockAdvanceMs;
  const now = Date.now() + offset;

  const seeding = await ConnectionEngine.open({ env: process.env, now: () => now, secretStore });
  const existing = seeding.companies().sort((left, right) => left.realmId.localeCompare(right.realmId));
  for (const company of existing.slice(due)) deleteCompany(seeding.database, company.id);
  for (const input of benchCompanyInputs(companies).slice(Math.min(due, existing.length))) {
    const inserted = insertCompany(seeding.database, { realmId: input.realmId ?? '', environment: 'sandbox', name: input.companyName, clientIdFingerprint: 'bench' }, now);
    recordCompanyTokenTimes(
      seeding.database,
      inserted.company.id,
      { lastRefreshAt: now, accessExpiresAt: now + 3_600_000, refreshExpiresAt: now + 100 * 86_400_000, refreshHardExpiresAt: null, tokenGeneration: 1 },
      now,
    );
  }
  await seeding.close();

  const app = await startApp({
    env: { ...process.env, REALMKEEPER_CLOCK_OFFSET_MS: String(offset) },
    logger: silentLogger,
    opensConsentPage: false,
    openExternal: () => Promise.resolve(false),
    engineOptions: { secretStore },
  });
  const server = await startWebServer({ api: app.service, rendererDirectory, port: 0, logger: silentLogger });
  let events = 0;
  let done = 0;
  app.service.onEvent((event) => {
    events += 1;
    if (event.kind === 'refresh_progress') done = event.done;
  });
  const say = (message: WindowHostMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
  say({ kind: 'ready', url: server.url, companies: app.service.companies().length, due, rss: process.memoryUsage().rss });
  let started = 0;
  for (let line = await lines.next(); line.done !== true; line = await lines.next()) {
    const command = line.value.trim();
    if (command === 'pass') {
      started = performance.now();
      void app.service.startBackground().then(() => say({ kind: 'pass_done', passMs: performance.now() - started, events, done, finished: true, rss: process.memoryUsage().rss }));
    } else if (command === 'give_up') {
      // The bench's deadline passed: say how far the pass got; closing the app stops it.
      say({ kind: 'pass_done', passMs: performance.now() - started, events, done, finished: false, rss: process.memoryUsage().rss });
      break;
    }
  }
  await server.close();
  await app.close();
  process.exit(0);
}
