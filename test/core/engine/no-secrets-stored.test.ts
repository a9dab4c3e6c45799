import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useHarness, type EngineHarness } from '../../support/engine-harness';
import { findIssuedSecrets, findSecretsIn, SecretIndex } from '../../support/find-issued-secrets';
import { connectCompanies, dayMs, sandboxCompanyNames, tokenRecorder } from './support/refresh-fixtures';

/** Each secret raw, URL-encoded, whole or in pieces (test/support/find-issued-secrets.ts). */
function findLeaks(haystack: string, secrets: ReadonlySet<string>): string[] {
  return findSecretsIn('text', haystack, [...secrets].map((value) => ({ kind: 'secret', value }))).map((finding) => finding.secret);
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
    expect(findLeaks(`message ${sample} end`, secrets)).toEqual([`${sample.slice(0, 4)}…(${sample.length})`]);

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
    const index = new SecretIndex([...secrets].map((value) => ({ kind: 'secret', value })));
    expect(readdirSync(harness.home).some((file) => file.endsWith('-wal'))).toBe(true);
    expect(findIssuedSecrets(harness.home, index)).toEqual([]);
    await engine.close();
    await misconfigured.close();
    expect(findIssuedSecrets(harness.home, index)).toEqual([]);
  });
});
