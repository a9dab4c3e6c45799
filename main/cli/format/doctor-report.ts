import type { DoctorReport, DoctorSeverity } from '../../core/engine/doctor';

const marks: Readonly<Record<DoctorSeverity, string>> = { ok: 'ok     ', info: 'info   ', warning: 'warning', problem: 'PROBLEM' };

/** One line per check, with its fix indented under it; a verdict last. */
export function formatDoctorReport(report: DoctorReport): string[] {
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${marks[check.severity]}  ${check.name}: ${check.summary}`);
    if (check.fix !== undefined && check.severity !== 'ok') lines.push(`           fix: ${check.fix}`);
  }
  const problems = report.checks.filter((check) => check.severity === 'problem').length;
  lines.push('', problems === 0 ? 'Nothing is wrong.' : `${problems} ${problems === 1 ? 'problem' : 'problems'} found; see the fixes above.`);
  return lines;
}
