import { describe, expect, it } from 'vitest';
import { describeAudit, explainedAdvisories, judgeAudit, requireAuditVariable, runProductionAudit } from '../../scripts/audit-production.mjs';

/** `npm audit --json`'s report (format 2) with the given vulnerabilities. */
function report(vulnerabilities: Record<string, { severity: string; via: unknown[] }>): string {
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(Object.entries(vulnerabilities).map(([name, entry]) => [name, { name, ...entry }])),
  });
}

const tarFsAdvisory = { source: 1, name: 'tar-fs', title: 'symlink bypass', url: 'https://github.com/advisories/GHSA-vj76-c3g6-qr5v', severity: 'high' };

describe('npm audit --omit=dev: no high or critical finding, or each one explained in the README', () => {
  it('passes the production dependencies, or skips in one line where the audit service cannot be asked', (context) => {
    const judged = runProductionAudit();
    if (judged.kind === 'unavailable' && process.env[requireAuditVariable] !== '1') return context.skip(describeAudit(judged));
    expect(judged.kind, describeAudit(judged)).toBe('passed');
  }, 150_000);

  it('fails on a high or critical finding the README does not explain, naming the package and advisory', () => {
    const judged = judgeAudit(report({ 'tar-fs': { severity: 'high', via: [tarFsAdvisory] }, 'prebuild-install': { severity: 'high', via: ['tar-fs'] }, 'left-pad': { severity: 'moderate', via: [] } }), new Set());
    expect(judged).toMatchObject({ kind: 'failed', unexplained: [{ name: 'tar-fs' }, { name: 'prebuild-install' }] });
    expect(describeAudit(judged)).toContain('tar-fs (high; GHSA-vj76-c3g6-qr5v)');
  });

  it('passes a finding whose advisory the Security audit section names, and one that is only through it', () => {
    const readme = '# X\n\n## Security audit\n\n- GHSA-vj76-c3g6-qr5v (tar-fs): only unpacks our own prebuilt binaries at install.\n\n## Layout\n';
    const explained = explainedAdvisories(readme);
    expect([...explained]).toEqual(['GHSA-vj76-c3g6-qr5v']);
    expect(judgeAudit(report({ 'tar-fs': { severity: 'critical', via: [tarFsAdvisory] }, 'prebuild-install': { severity: 'high', via: ['tar-fs'] } }), explained)).toMatchObject({ kind: 'passed' });
    // The same id elsewhere in the README explains nothing.
    expect(explainedAdvisories('# X\n\nGHSA-vj76-c3g6-qr5v\n\n## Security audit\n\nNothing.\n').size).toBe(0);
  });

  it('calls an unreachable registry or a mirror without the audit service unavailable, and anything else broken', () => {
    expect(judgeAudit(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND registry.npmjs.org' } }), new Set())).toEqual({ kind: 'unavailable', reason: 'the registry cannot be reached (ENOTFOUND)' });
    expect(judgeAudit(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 }), new Set())).toMatchObject({ kind: 'unavailable' });
    expect(judgeAudit(JSON.stringify({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } }), new Set())).toMatchObject({ kind: 'broken' });
    expect(judgeAudit('npm ERR! something', new Set())).toMatchObject({ kind: 'broken' });
  });
});
