import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness, type EngineHarness } from '../../support/engine-harness';
import { connectCompanies, dayMs, sandboxCompanyNames, tokenRecorder } from './support/refresh-fixtures';

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Each secret as it could appear: raw, URL-encoded, and (for client secrets) inside Basic auth. */
function findLeaks(haystack: Buffer | string, secrets: ReadonlySet<string>): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return [...secrets].filter((secret) => bytes.includes(Buffer.from(secret, 'utf8')) || bytes.includes(Buffer.from(encodeURIComponent(secret), 'utf8')));
}

describe('no secret leaves the keychain', () => {
  let harness: EngineHarness;

  useHarness((created) => {
    harness = created;
  });

  it('appears in neither the SQLite files, nor error messages, nor engine events, through every kind of refresh', async () => {
    const recorder = await tokenRecorder();
    const engine = await harness.openEngine({ fetch: recorder.fetch });
    const wrongSecret = 'W'.repeat(40);
    const misconfigured = await harness.openEngine({ fetch: recorder.fetch, env: { ...harness.environment(), REALMKEEPER_SANDBOX_CLIENT_SECRET: wrongSecret } });
    const [larry, amy, third] = await connectCompanies(harness, engine, sandboxCompanyNames);
    if (larry === undefined || amy === undefined || third === undefined) throw new Error('not connected');
    const messages: unknown[] = [];

    await engine.startBackground();
    for (let day = 0; day < 3; day += 1) {
      await harness.advanceClock(dayMs + 60_000);
      await engine.scheduler.replan();
    }
    messages.push(await engine.testConnection(larry.id));
    await harness.admin.setFaults({ lostResponse: { realmId: amy.realmId } });
    messages.push(await engine.refresh(amy.id), await engine.refresh(amy.id));
    await harness.admin.setFaults({ failNext: { target: 'token', count: 1, status: 503 } });
    messages.push(await engine.refresh(third.id));
    recorder.setOffline(true);
    messages.push(await engine.refresh(third.id), await engine.getAccessToken(third.id));
    recorder.setOffline(false);
    messages.push(await misconfigured.refresh(third.id));
    await harness.admin.setFaults({ outage: { forSeconds: 1800 } });
    messages.push(await engine.refresh(larry.id), await engine.refresh(third.id));
    await harness.advanceClock(31 * 60_000);
    await harness.admin.disconnect({ realmId: larry.realmId });
    messages.push(await engine.refresh(larry.id), await engine.getAccessToken(larry.id));
    messages.push(await engine.disconnect(third.id));

    const { sandbox, production } = harness.simulator.clients;
    const secrets = new Set([...recorder.secrets, sandbox.clientSecret, production.clientSecret, wrongSecret]);
    secrets.add(Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64'));
    // Enough material for the scan to mean something: codes, access, refresh and id tokens.
    expect(recorder.secrets.size).toBeGreaterThanOrEqual(3 * 4 + 6);

    const sample = [...recorder.secrets].at(-1) ?? '';
    expect(findLeaks(`message ${sample} end`, secrets)).toEqual([sample]);

    const events = [engine, misconfigured].flatMap((each) => each.events({ limit: 500 }).events);
    expect(events.length).toBeGreaterThan(20);
    expect(findLeaks(JSON.stringify(events), secrets)).toEqual([]);
    expect(findLeaks(JSON.stringify(harness.events), secrets)).toEqual([]);
    // getAccessToken hands the access token to its caller on purpose; every other answer must not.
    const answers = messages.filter((message) => (message as { kind?: string }).kind !== 'token');
    expect(answers.length).toBeGreaterThanOrEqual(messages.length - 2);
    expect(findLeaks(JSON.stringify(answers), secrets)).toEqual([]);
    expect(findLeaks(JSON.stringify(engine.companies()), secrets)).toEqual([]);

    // The raw bytes of the database and its write-ahead log, before any checkpoint.
    const files = filesUnder(harness.home);
    expect(files.some((file) => file.endsWith('-wal'))).toBe(true);
    for (const file of files) expect(findLeaks(readFileSync(file), secrets), file).toEqual([]);
    await engine.close();
    await misconfigured.close();
    for (const file of filesUnder(harness.home)) expect(findLeaks(readFileSync(file), secrets), file).toEqual([]);
  });
});
