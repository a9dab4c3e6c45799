import { cpus, loadavg, totalmem } from 'node:os';
import { round } from './statistics';

/** One line of the table: a figure, and what it is compared with. */
interface Row {
  readonly section: string;
  readonly label: string;
  readonly value: string;
  readonly comparison: string;
  readonly target: string;
}

export type FigureValue = number | boolean | null;

/**
 * Collects every benchmark's figures: a table for people, and one flat JSON object (every key
 * always present, null when a benchmark could not run here) for comparing commits.
 */
export class BenchReport {
  readonly figures: Record<string, FigureValue | string> = {};
  readonly rows: Row[] = [];
  readonly notes: string[] = [];

  /** The 1, 5 and 15-minute load averages when the run started. */
  readonly loadAtStart = loadDescription();

  constructor(readonly keychain: string) {}

  set(key: string, value: FigureValue): void {
    this.figures[key] = typeof value === 'number' ? round(value) : value;
  }

  row(section: string, label: string, value: string, comparison = '', target = ''): void {
    this.rows.push({ section, label, value, comparison, target });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  toJson(keys: readonly string[]): Record<string, unknown> {
    const complete: Record<string, unknown> = { machine: machineDescription(), loadAverage: this.loadAtStart, keychain: this.keychain };
    for (const key of keys) complete[key] = this.figures[key] ?? null;
    for (const [key, value] of Object.entries(this.figures)) complete[key] ??= value;
    complete['notes'] = this.notes;
    return complete;
  }

  table(): string {
    const header: Row = { section: 'benchmark', label: 'figure', value: 'measured', comparison: 'beside', target: 'target' };
    const rows = [header, ...this.rows];
    const widths = (['section', 'label', 'value', 'comparison'] as const).map((column) => Math.max(...rows.map((row) => row[column].length)));
    const line = (row: Row) =>
      [row.section.padEnd(widths[0] ?? 0), row.label.padEnd(widths[1] ?? 0), row.value.padStart(widths[2] ?? 0), row.comparison.padEnd(widths[3] ?? 0), row.target].join('  ').trimEnd();
    const rule = '-'.repeat(Math.min(160, (widths[0] ?? 0) + (widths[1] ?? 0) + (widths[2] ?? 0) + (widths[3] ?? 0) + 20));
    return [line(header), rule, ...this.rows.map(line)].join('\n');
  }
}

export function machineDescription(): string {
  const processors = cpus();
  return `${processors.length} cores (${processors[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${process.platform}`;
}

/** Other work on the machine blurs every figure; the report says how busy it was. */
export function loadDescription(): string {
  return loadavg().map((load) => load.toFixed(1)).join(' / ');
}

export function ms(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value >= 10_000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(digits)} ms`;
}

export function times(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(2)}×`;
}

export function mebibytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
