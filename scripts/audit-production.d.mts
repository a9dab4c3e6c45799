// Types for scripts/audit-production.mjs, for the test that runs it.
export interface AuditFinding {
  readonly name: string;
  readonly severity: 'high' | 'critical';
  readonly advisories: readonly string[];
  readonly through: readonly string[];
}

export type JudgedAudit =
  | { readonly kind: 'passed'; readonly findings: readonly AuditFinding[] }
  | { readonly kind: 'failed'; readonly findings: readonly AuditFinding[]; readonly unexplained: readonly AuditFinding[] }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'broken'; readonly reason: string };

export const repositoryRoot: string;
export const requireAuditVariable: string;
export function explainedAdvisories(readme: string): Set<string>;
export function judgeAudit(output: string, explained: ReadonlySet<string>): JudgedAudit;
export function runProductionAudit(root?: string): JudgedAudit;
export function describeAudit(judged: JudgedAudit): string;
