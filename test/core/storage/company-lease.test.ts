import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLease, readLease, releaseLease, type LeaseAttempt } from '../../../main/core/storage/company-lease';
import type { SqliteDatabase } from '../../../main/core/storage/sqlite';
import { addSampleCompany } from './fixtures/sample-company';
import { nodeArgumentsForTypescript, runProcess } from './fixtures/run-typescript';
import { openTemporaryDatabase } from './fixtures/temporary-database';
import type { TemporaryDatabase } from './fixtures/temporary-database';

const leaseWorkerScript = fileURLToPath(new URL('./fixtures/lease-worker.ts', import.meta.url));
const start = 1_700_000_000_000;
let temporary: TemporaryDatabase;
let database: SqliteDatabase;
let companyId: string;

beforeEach(() => {
  temporary = openTemporaryDatabase();
  database = temporary.database;
  companyId = addSampleCompany(database).id;
});
afterEach(() => temporary.close());

describe('company lease', () => {
  const alive = () => true;
  const dead = () => false;
  const holder = (owner: string) => ({ owner, pid: 4242 });

  function held(attempt: LeaseAttempt): number {
    if (attempt.kind !== 'held') throw new Error(`expected the lease, got ${attempt.kind}`);
    return attempt.lease.generation;
  }

  it('is held by one owner at a time until released', () => {
    expect(held(acquireLease(database, companyId, holder('a'), alive, start))).toBe(1);
    expect(acquireLease(database, companyId, holder('b'), alive, start + 1)).toMatchObject({ kind: 'busy', holder: { owner: 'a', holderPid: 4242, heldSince: start } });
    expect(releaseLease(database, companyId, 'a', 1)).toBe(true);
    expect(held(acquireLease(database, companyId, holder('b'), alive, start + 2))).toBe(2);
  });

  it('is never taken from a live holder, however far the clock moves either way', () => {
    acquireLease(database, companyId, holder('paused'), alive, start);
    for (const now of [start + 365 * 86_400_000, start - 365 * 86_400_000, 0, Number.MAX_SAFE_INTEGER]) {
      expect(acquireLease(database, companyId, holder('next'), alive, now).kind).toBe('busy');
    }
    expect(readLease(database, companyId)?.owner).toBe('paused');
  });

  it('is free at once when its holder died, and the dead holder can no longer release it', () => {
    acquireLease(database, companyId, holder('crashed'), alive, start);
    // The same instant: no time-to-live has to pass.
    expect(held(acquireLease(database, companyId, holder('next'), dead, start))).toBe(2);
    expect(releaseLease(database, companyId, 'crashed', 1)).toBe(false);
    expect(readLease(database, companyId)).toMatchObject({ owner: 'next', generation: 2 });
  });

  it('asks about the holder only while someone else holds it', () => {
    const asked: string[] = [];
    const isAlive = (owner: string) => {
      asked.push(owner);
      return true;
    };
    held(acquireLease(database, companyId, holder('a'), isAlive, start));
    held(acquireLease(database, companyId, holder('a'), isAlive, start));
    expect(asked).toEqual([]);
    acquireLease(database, companyId, holder('b'), isAlive, start);
    expect(asked).toEqual(['a']);
  });

  it('refuses a release by the right owner with the wrong generation', () => {
    acquireLease(database, companyId, holder('a'), alive, start);
    expect(held(acquireLease(database, companyId, holder('a'), alive, start + 2000))).toBe(2);
    expect(releaseLease(database, companyId, 'a', 1)).toBe(false);
    expect(releaseLease(database, companyId, 'a', 2)).toBe(true);
  });

  it('never reuses a generation, even after release or takeover', () => {
    const generations: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const generation = held(acquireLease(database, companyId, holder(`owner-${round}`), dead, start + round));
      generations.push(generation);
      if (round % 2 === 0) releaseLease(database, companyId, `owner-${round}`, generation);
    }
    expect(generations).toEqual([1, 2, 3, 4, 5]);
  });

  async function runWorkers(workers: number, rounds: number, mode: 'lease' | 'none') {
    const counterPath = join(temporary.directory.path, `counter-${mode}.txt`);
    writeFileSync(counterPath, '0');
    const running = Promise.all(
      Array.from({ length: workers }, () =>
        runProcess(
          process.execPath,
          nodeArgumentsForTypescript(leaseWorkerScript, [temporary.path, counterPath, companyId, String(rounds), mode]),
          { timeoutMs: 60_000 },
        ),
      ),
    );
    const readyPrefix = `counter-${mode}.txt.ready-`;
    while (readdirSync(temporary.directory.path).filter((name) => name.startsWith(readyPrefix)).length < workers) {
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
    }
    writeFileSync(`${counterPath}.go`, '');
    const results = await running;
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
    }
    const reports = results.map((result) => JSON.parse(result.stdout) as { acquisitions: number; refusals: number });
    return { reports, total: Number(readFileSync(counterPath, 'utf8')) };
  }

  it('gives mutual exclusion across real OS processes', async () => {
    const workers = 4;
    const rounds = 25;
    const { reports, total } = await runWorkers(workers, rounds, 'lease');
    expect(reports.map((report) => report.acquisitions)).toEqual(Array(workers).fill(rounds));
    // The workers really contended: some had to wait for another's lease.
    expect(reports.reduce((sum, report) => sum + report.refusals, 0)).toBeGreaterThan(0);
    expect(total).toBe(workers * rounds);
    expect(readLease(database, companyId)?.generation).toBe(workers * rounds);
  }, 60_000);

  it('(control) loses increments when the same processes skip the lease', async () => {
    const { total } = await runWorkers(4, 25, 'none');
    expect(total).toBeLessThan(100);
  }, 60_000);
});
