import { causeLabel } from '../format/cause-labels';

export interface ChartBar {
  readonly cause: string;
  readonly count: number;
}

/** A horizontal bar per cause; plain SVG, text in the page's colours. */
export function InvalidGrantChart({ bars, days }: { readonly bars: readonly ChartBar[]; readonly days: number }) {
  const rows = [...bars].filter((bar) => bar.count > 0).sort((left, right) => right.count - left.count);
  if (rows.length === 0) return <p className="muted">No lost connections in the last {days} days.</p>;
  const max = Math.max(...rows.map((bar) => bar.count));
  const rowHeight = 26;
  const labelWidth = 220;
  const barWidth = 260;
  const height = rows.length * rowHeight;
  return (
    <svg className="chart" role="img" aria-label={`Lost connections by cause, last ${days} days`} viewBox={`0 0 ${labelWidth + barWidth + 40} ${height}`} width="100%" style={{ maxWidth: labelWidth + barWidth + 40 }}>
      {rows.map((bar, index) => {
        const y = index * rowHeight;
        const width = Math.max(2, (bar.count / max) * barWidth);
        return (
          <g key={bar.cause}>
            <title>{`${causeLabel(bar.cause)}: ${bar.count}`}</title>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
              {causeLabel(bar.cause)}
            </text>
            <rect x={labelWidth} y={y + 5} width={width} height={16} rx={3} className="chart-bar" />
            <text x={labelWidth + width + 6} y={y + 17} className="chart-label">
              {bar.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
