#!/usr/bin/env node
// `npm run relay-page:hash`: writes the inline script's sha256 into the relay page's
// Content-Security-Policy, the only script the page may run. Run it after editing the script;
// test/e2e/relay-page.spec.ts fails on a stale hash (the browser refuses to run the script).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const page = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'build', 'relay-page', 'index.html');
const html = readFileSync(page, 'utf8');
const script = /<script>([\s\S]*?)<\/script>/.exec(html);
if (script === null) throw new Error('the relay page has no inline script');
const hash = createHash('sha256').update(script[1], 'utf8').digest('base64');
const updated = html.replace(/script-src 'sha256-[^']*'/, `script-src 'sha256-${hash}'`);
writeFileSync(page, updated);
console.error(updated === html ? 'Realmkeeper: the relay page\'s script hash was already current' : `Realmkeeper: the relay page's script hash is now sha256-${hash}`);
