import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeepAliveScheduler } from '../../../main/core/scheduler/keep-alive-scheduler';
import type { RefreshResult } from '../../../main/core/tokens/refresh-result';
import { addSampleCompany } from '../storage/fixtures/sample-company';
import { openTemporaryDatabase, type TemporaryDatabase } from '../storage/fixtures/temporary-database';

const start = 1_700_000_000_000;

/** Issue 8, item 8: a refresh that throws inside the timer is reported, and the timer goes on. */
describe('the keep-alive scheduler under faults', () => {
  let temporary: TemporaryDatabase;
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);

  beforeEach(() => {
    temporary = openTemporaryDatabase();
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
    temporary.close();
  });

  it('reports the error, goes on with the other companies, plans the next pass, and never spins', async () => {
    const broken = addSampleCompany(temporary.database, { realmId: '9341453050000001', name: 'Broken' }, start);
    const fine = addSampleCompany(temporary.database, { realmId: '9341453050000002', name: 'Fine' }, start);
    const tried: string[] = [];
    const errors: Array<{ error: unknown; companyId: string | undefined }> = [];
    let now = start;
    const scheduler = new KeepAliveScheduler({
      database: temporary.database,
      now: () => now,
      keepAliveIntervalMs: 86_400_000,
      concurrency: 1,
      refresh: (companyId): Promise<RefreshResult> => {
        tried.push(companyId);
        if (companyId === broken.id) return Promise.reject(new Error('a bug in a refresh'));
        return Promise.resolve({ kind: 'refreshed', accessExpiresAt: now + 3_600_000, refreshExpiresAt: now + 86_400_000 * 100 });
      },
      onError: (error, companyId) => errors.push({ error, companyId }),
    });
    await scheduler.start();
    expect(tried.sort()).toEqual([broken.id, fine.id].sort());
    expect(errors).toEqual([{ error: expect.any(Error), companyId: broken.id }]);

    // Neither company moved in the database (the fake refresh writes nothing), so both still look
    // due: a replan right away must not try them again before the minimum spacing.
    await scheduler.replan();
    expect(tried).toHaveLength(2);
    now += 11_000;
    await scheduler.replan();
    expect(tried).toHaveLength(4);

    await scheduler.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });

  it('a replan during a pass runs one more pass after it, with the clock as it is then', async () => {
    addSampleCompany(temporary.database, { realmId: '9341453050000003', name: 'First' }, start);
    let now = start;
    const passes: number[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstRefreshHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    const scheduler = new KeepAliveScheduler({
      database: temporary.database,
      now: () => now,
      keepAliveIntervalMs: 86_400_000,
      concurrency: 1,
      refresh: async (): Promise<RefreshResult> => {
        calls += 1;
        if (calls === 1) await firstRefreshHeld;
        return { kind: 'refreshed', accessExpiresAt: now + 3_600_000, refreshExpiresAt: now + 86_400_000 * 100 };
      },
      onProgress: (progress) => {
        if (progress.done === 0) passes.push(now);
      },
    });
    const started = scheduler.start();
    // The machine sleeps for two days while the first pass waits for Intuit, then resumes twice.
    now += 2 * 86_400_000 + 11_000;
    const resumed = Promise.all([scheduler.replan(), scheduler.replan()]);
    releaseFirst();
    await Promise.all([started, resumed]);
    expect(passes).toEqual([start, now]);
    expect(calls).toBe(2);
    await scheduler.stop();
  });
});
