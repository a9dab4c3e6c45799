import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createMemorySecretStore } from '../main/app/memory-secret-store';
import { readClockOffset } from '../main/app/app-clock';
import { silentLogger } from '../main/app/app-logger';
import { startApp } from '../main/app/start-app';
import { ConnectionEngine } from '../main/core/engine/connection-engine';
import { insertCompany, recordCompanyTokenTimes } from '../main/core/storage/company-repository';
import { startWebServer } from '../main/web/web-server';
import { SimulatorAdmin } from '../test/support/simulator-admin';
import { connectCompanies } from './bench-world';
import { dayAndAnHourMs } from './engine-memory';
import { benchCompanyInputs } from './simulator-process';

/** What the host prints, one JSON line per message, for the bench to read. */
export type WindowHostMessage =
  | { readonly kind: 'ready'; readonly url: string; readonly companies: number; readonly due: number; readonly rss: number }
  | { readonly kind: 'pass_done'; readonly passMs: number; readonly events: number; readonly rss: number };

/**
 * The child side: the browser shell as `npm run start:web` runs it (the app service behind the
 * web server, serving dist/renderer), except that the launch pass waits for the bench's "pass"
 * line, so that the window's first render and its handling of the pass are measured apart.
 * `due` companies are really connected (their refreshes go to the simulator); the rest are rows
 * written through the storage functions, fresh and not due, since connecting 5,000 companies
 * would take longer than the whole bench. Secrets are kept in memory for the same reason.
 */
export async function runWindowHostChild(args: readonly string[], rendererDirectory: string): Promise<void> {
  const companies = Number(args[0] ?? '0');
  const due = Math.min(companies, Number(args[1] ?? '0'));
  const home = mkdtempSync(join(tmpdir(), 'realmkeeper-bench-window-'));
  let offset = readClockOffset(process.env);
  const secretStore = createMemorySecretStore('bench window (in memory)');
  const admin = new SimulatorAdmin(process.env['REALMKEEPER_BENCH_SIMULATOR_URL'] ?? '');
  const env = { ...process.env, REALMKEEPER_HOME: home };
  const inputs = benchCompanyInputs(companies);

  const seeding = await ConnectionEngine.open({ env, now: () => Date.now() + offset, secretStore, callbackLingerMs: 500 });
  await connectCompanies(seeding, admin, inputs.slice(0, due).map((company) => company.realmId ?? ''));
  await admin.advanceClock(dayAndAnHourMs);
  offset += dayAndAnHourMs;
  const now = Date.now() + offset;
  for (const input of inputs.slice(due)) {
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
    env: { ...env, REALMKEEPER_CLOCK_OFFSET_MS: String(offset) },
    logger: silentLogger,
    opensConsentPage: false,
    openExternal: () => Promise.resolve(false),
    engineOptions: { secretStore },
  });
  const server = await startWebServer({ api: app.service, rendererDirectory, port: 0, logger: silentLogger });
  let events = 0;
  app.service.onEvent(() => {
    events += 1;
  });
  const say = (message: WindowHostMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
  say({ kind: 'ready', url: server.url, companies, due, rss: process.memoryUsage().rss });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() !== 'pass') continue;
    events = 0;
    const started = performance.now();
    await app.service.startBackground();
    say({ kind: 'pass_done', passMs: performance.now() - started, events, rss: process.memoryUsage().rss });
  }
  await server.close();
  await app.close();
  rmSync(home, { recursive: true, force: true });
  process.exit(0);
}
