/** Small order statistics for the bench's samples; every figure in the report goes through these. */

export function sorted(samples: readonly number[]): number[] {
  return [...samples].sort((left, right) => left - right);
}

/** The nearest-rank percentile (0–100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], rank: number): number {
  if (samples.length === 0) return Number.NaN;
  const ordered = sorted(samples);
  const index = Math.min(ordered.length - 1, Math.max(0, Math.ceil((rank / 100) * ordered.length) - 1));
  return ordered[index] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** The gaps between consecutive times, for "how evenly did status arrive". */
export function gaps(times: readonly number[]): number[] {
  const ordered = sorted(times);
  return ordered.slice(1).map((time, index) => time - (ordered[index] ?? time));
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(value: number, reference: number): number {
  return reference > 0 ? round(value / reference, 2) : Number.NaN;
}
