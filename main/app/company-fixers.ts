import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { CompanyFixer } from '../../preload/contract/api-contract';

/**
 * Who can reconnect each company when the bookkeeper is not one of its QuickBooks admins: a
 * name and an address the bookkeeper typed, kept in the data folder (no secret, nothing Intuit
 * gave). The app owns this small file; the engine never reads it.
 */
export const fixersFileName = 'company-fixers.json';

const fileSchema = z.record(z.string(), z.object({ name: z.string().max(100), email: z.string().max(200).nullable() }));

export class CompanyFixers {
  private readonly path: string;
  private fixers: Map<string, CompanyFixer>;

  constructor(dataDirectory: string) {
    this.path = join(dataDirectory, fixersFileName);
    this.fixers = readFixers(this.path);
  }

  get(companyId: string): CompanyFixer | null {
    return this.fixers.get(companyId) ?? null;
  }

  /** Writes the whole file through a temporary one, so a crash leaves the old file or the new one. */
  set(companyId: string, fixer: CompanyFixer | null): void {
    const next = new Map(this.fixers);
    if (fixer === null) next.delete(companyId);
    else next.set(companyId, fixer);
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(Object.fromEntries(next), null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
    this.fixers = next;
  }
}

function readFixers(path: string): Map<string, CompanyFixer> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return new Map();
  }
  try {
    return new Map(Object.entries(fileSchema.parse(JSON.parse(text))));
  } catch {
    // A damaged file loses only these notes; it is replaced at the next save.
    return new Map();
  }
}
