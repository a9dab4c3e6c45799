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

  it('a refresh or a back-off dated ahead by another process’s clock holds a company back no longer than if written now', async () => {
    const hourMs = 3_600_000;
    const refreshedAhead = addSampleCompany(temporary.database, { realmId: '9341453050000004', name: 'Refreshed ahead' }, start);
    const backingOffAhead = addSampleCompany(temporary.database, { realmId: '9341453050000005', name: 'Backing off ahead' }, start);
    // Written by a process whose clock was 30 hours ahead, corrected since.
    temporary.database.prepare('UPDATE companies SET last_refresh_at = ?, access_expires_at = ? WHERE id = ?').run(start + 30 * hourMs, start + 31 * hourMs, refreshedAhead.id);
    temporary.database
      .prepare('UPDATE companies SET last_refresh_at = ?, access_expires_at = ?, retry_reason = ?, retry_not_before = ?, failing_since = ?, failure_count = 1 WHERE id = ?')
      .run(start - 2 * 86_400_000, start + 31 * hourMs, 'intuit_error', start + 30 * hourMs, start + 29 * hourMs, backingOffAhead.id);
    let now = start;
    const tried: string[] = [];
    const scheduler = new KeepAliveScheduler({
      database: temporary.database,
      now: () => now,
      keepAliveIntervalMs: 86_400_000,
      concurrency: 1,
      refresh: (companyId): Promise<RefreshResult> => {
        tried.push(companyId);
        return Promise.resolve({ kind: 'refreshed', accessExpiresAt: now + hourMs, refreshExpiresAt: now + 100 * 86_400_000 });
      },
    });
    await scheduler.start();
    expect(tried).toEqual([]);
    // The longest back-off anyone writes is an hour: past it (and the clocks' slack), the company is tried.
    now = start + 66 * 60_000;
    await scheduler.replan();
    expect(tried).toEqual([backingOffAhead.id]);
    // A keep-alive interval after the refresh was first seen, not after the date it bears.
    now = start + 24 * hourMs + 6 * 60_000;
    await scheduler.replan();
    expect(tried).toEqual([backingOffAhead.id, backingOffAhead.id, refreshedAhead.id]);
    await scheduler.stop();
  });
});
