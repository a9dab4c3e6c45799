#!/usr/bin/env node
// `npm run audit:production`: `npm audit --omit=dev`, failing on a high or critical finding
// that the README's "Security audit" section does not explain (by its GHSA id). Where npm's
// audit service cannot be asked (no network, or a registry mirror without the service), it says
// so in one line and passes, unless REALMKEEPER_REQUIRE_AUDIT=1. test/security/npm-audit.test.ts
// runs it in CI.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const requireAuditVariable = 'REALMKEEPER_REQUIRE_AUDIT';
const blocking = new Set(['high', 'critical']);
/** Errors that mean this machine could not reach the registry at all. */
const offlineCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED']);

/** The README's "## Security audit" section: the explanations, each naming its advisory's GHSA id. */
export function explainedAdvisories(readme) {
  const start = readme.indexOf('\n## Security audit');
  if (start === -1) return new Set();
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return new Set([...section.matchAll(/GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/g)].map((match) => match[0]));
}

/**
 * What `npm audit --json` printed, judged:
 * - `{ kind: 'passed', findings }`: no high or critical finding, or each one explained;
 * - `{ kind: 'failed', findings, unexplained }`;
 * - `{ kind: 'unavailable', reason }`: the audit could not be asked (offline, or no service);
 * - `{ kind: 'broken', reason }`: anything else (npm's own failure, output that is not JSON).
 * Each finding: the package, its severity and its advisories' GHSA ids.
 */
export function judgeAudit(output, explained) {
  let report;
  try {
    report = JSON.parse(output);
  } catch {
    return { kind: 'broken', reason: `npm audit printed no JSON: ${output.trim().slice(0, 200)}` };
  }
  if (report?.vulnerabilities === undefined) {
    const error = report?.error ?? report ?? {};
    const code = typeof error.code === 'string' ? error.code : undefined;
    const status = typeof report?.statusCode === 'number' ? report.statusCode : undefined;
    const message = String(error.summary || report?.message || error.message || code || 'no report').split('\n')[0];
    if (code !== undefined && offlineCodes.has(code)) return { kind: 'unavailable', reason: `the registry cannot be reached (${code})` };
    if (status === 404 || status === 405 || status === 501) return { kind: 'unavailable', reason: `the registry does not offer npm's audit service (${message})` };
    return { kind: 'broken', reason: `npm audit failed: ${message}` };
  }
  const findings = Object.values(report.vulnerabilities)
    .filter((entry) => blocking.has(entry.severity))
    .map((entry) => ({
      name: entry.name,
      severity: entry.severity,
      advisories: entry.via.filter((via) => typeof via === 'object' && typeof via.url === 'string').map((via) => /GHSA(?:-[a-z0-9]{4}){3}/.exec(via.url)?.[0] ?? via.url),
      // A finding only through another package (no advisory of its own) is explained with that package's.
      through: entry.via.filter((via) => typeof via === 'string'),
    }));
  const ownExplained = (finding) => finding.advisories.length > 0 && finding.advisories.every((advisory) => explained.has(advisory));
  const byName = new Map(findings.map((finding) => [finding.name, finding]));
  const isExplained = (finding, seen = new Set()) => {
    if (finding.advisories.length > 0) return ownExplained(finding);
    if (seen.has(finding.name)) return false;
    seen.add(finding.name);
    return finding.through.length > 0 && finding.through.every((name) => {
      const cause = byName.get(name);
      return cause === undefined || isExplained(cause, seen);
    });
  };
  const unexplained = findings.filter((finding) => !isExplained(finding));
  return unexplained.length === 0 ? { kind: 'passed', findings } : { kind: 'failed', findings, unexplained };
}

export function runProductionAudit(root = repositoryRoot) {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000, shell: process.platform === 'win32' });
  if (result.error !== undefined) return { kind: 'broken', reason: `npm audit did not run: ${result.error.message}` };
  return judgeAudit(result.stdout, explainedAdvisories(readFileSync(join(root, 'README.md'), 'utf8')));
}

/** One line for the judged audit. */
export function describeAudit(judged) {
  switch (judged.kind) {
    case 'passed':
      return judged.findings.length === 0
        ? 'npm audit --omit=dev: no high or critical finding'
        : `npm audit --omit=dev: ${judged.findings.length} high or critical finding(s), each explained in the README's Security audit section`;
    case 'failed':
      return `npm audit --omit=dev: unexplained high or critical finding(s): ${judged.unexplained.map((finding) => `${finding.name} (${finding.severity}; ${[...finding.advisories, ...finding.through].join(', ')})`).join('; ')} — upgrade, or explain each advisory in the README's Security audit section`;
    case 'unavailable':
      return `npm audit --omit=dev skipped: ${judged.reason}`;
    case 'broken':
      return judged.reason;
    default:
      throw new Error(`unknown audit result ${JSON.stringify(judged)}`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const judged = runProductionAudit();
  console.log(describeAudit(judged));
  const required = process.env[requireAuditVariable] === '1';
  process.exit(judged.kind === 'passed' || (judged.kind === 'unavailable' && !required) ? 0 : 1);
}
