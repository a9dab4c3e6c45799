import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findIssuedSecrets, findSecretsIn, type IssuedSecret } from '../support/find-issued-secrets';

function token(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

describe('findIssuedSecrets, the scan every secret test relies on', () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it('finds a secret whole, cut in two (as across SQLite pages), URL-encoded, and in UTF-16, in any file under the folder', () => {
    const whole: IssuedSecret = { kind: 'refresh_token', value: `AB11${token(80)}` };
    const cut: IssuedSecret = { kind: 'access_token', value: `eyJ${token(900)}` };
    const encoded: IssuedSecret = { kind: 'code', value: `a/b+c=${token(40)}` };
    const wide: IssuedSecret = { kind: 'client_secret', value: token(40) };
    const root = mkdtempSync(join(tmpdir(), 'realmkeeper-scan-'));
    folder = root;
    mkdirSync(join(root, 'logs'));
    writeFileSync(join(root, 'realmkeeper.db'), Buffer.concat([randomBytes(5000), Buffer.from(whole.value), randomBytes(100)]));
    writeFileSync(join(root, 'realmkeeper.db-wal'), Buffer.concat([randomBytes(70), Buffer.from(cut.value.slice(0, 500)), randomBytes(4096), Buffer.from(cut.value.slice(500))]));
    writeFileSync(join(root, 'logs', 'main.log'), `refresh failed for code=${encodeURIComponent(encoded.value)}\n`);
    writeFileSync(join(root, 'bundle.json'), Buffer.from(`{"x":"${wide.value}"}`, 'utf16le'));
    const findings = findIssuedSecrets(root, [whole, cut, encoded, wide]);
    expect(findings.map((finding) => [finding.where.slice(root.length + 1), finding.kind]).sort()).toEqual([
      ['bundle.json', 'client_secret'],
      ['logs/main.log', 'code'],
      ['realmkeeper.db', 'refresh_token'],
      ['realmkeeper.db-wal', 'access_token'],
    ]);
    expect(JSON.stringify(findings)).not.toContain(whole.value);
  });

  it('is not fooled by what secrets share (a token format’s fixed header) or by anything shorter than a piece', () => {
    const header = 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..';
    const secrets = [header + token(200), header + token(200)].map((value) => ({ kind: 'access_token', value }));
    expect(findSecretsIn('log', `a header alone ${header} and a fragment ${secrets[0]?.value.slice(60, 80)}`, secrets)).toEqual([]);
    expect(findSecretsIn('log', `the end of one ${secrets[1]?.value.slice(-30)}`, secrets)).toMatchObject([{ kind: 'access_token' }]);
  });
});
