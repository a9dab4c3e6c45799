import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLease, readLease, releaseLease, renewLease } from '../../../main/core/storage/company-lease';
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
  it('is held by one owner at a time until released', () => {
    expect(acquireLease(database, companyId, 'a', 30_000, start)).toEqual({ generation: 1, expiresAt: start + 30_000 });
    expect(acquireLease(database, companyId, 'b', 30_000, start + 1)).toBeNull();
    expect(releaseLease(database, companyId, 'a', 1)).toBe(true);
    expect(acquireLease(database, companyId, 'b', 30_000, start + 2)).toEqual({ generation: 2, expiresAt: start + 30_002 });
  });

  it('can be taken over once expired, and the old holder can neither release nor renew it', () => {
    acquireLease(database, companyId, 'crashed', 30_000, start);
    expect(acquireLease(database, companyId, 'next', 30_000, start + 29_999)).toBeNull();
    const next = acquireLease(database, companyId, 'next', 30_000, start + 30_000);
    expect(next?.generation).toBe(2);
    expect(releaseLease(database, companyId, 'crashed', 1)).toBe(false);
    expect(renewLease(database, companyId, 'crashed', 1, 30_000, start + 30_001)).toBeNull();
    expect(readLease(database, companyId)).toEqual({ companyId, owner: 'next', expiresAt: start + 60_000, generation: 2 });
  });

  it('refuses a release by the right owner with the wrong generation', () => {
    acquireLease(database, companyId, 'a', 1000, start);
    const again = acquireLease(database, companyId, 'a', 1000, start + 2000);
    expect(again?.generation).toBe(2);
    expect(releaseLease(database, companyId, 'a', 1)).toBe(false);
    expect(releaseLease(database, companyId, 'a', 2)).toBe(true);
  });

  it('renews only a live lease', () => {
    acquireLease(database, companyId, 'a', 1000, start);
    expect(renewLease(database, companyId, 'a', 1, 1000, start + 900)).toEqual({ generation: 1, expiresAt: start + 1900 });
    expect(acquireLease(database, companyId, 'b', 1000, start + 1500)).toBeNull();
    expect(renewLease(database, companyId, 'a', 1, 1000, start + 1900)).toBeNull();
  });

  it('never reuses a generation, even after release', () => {
    const generations: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const lease = acquireLease(database, companyId, `owner-${round}`, 1000, start + round);
      if (lease === null) {
        throw new Error('expected the lease');
      }
      generations.push(lease.generation);
      releaseLease(database, companyId, `owner-${round}`, lease.generation);
    }
    expect(generations).toEqual([1, 2, 3, 4, 5]);
    expect(readLease(database, companyId)?.owner).toBeNull();
  });

  it('rejects a non-positive time to live', () => {
    expect(() => acquireLease(database, companyId, 'a', 0, start)).toThrow(RangeError);
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
