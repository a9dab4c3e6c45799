#!/usr/bin/env node
// `npm run screenshots`: regenerates the guides' screenshots (docs/images/) from the end-to-end
// run, never by hand. Builds, runs the Playwright specs that take them in Chromium against the
// simulator, and copies each named picture from the run's output. Needs what those specs need:
// Chromium and a keychain that answers (on Linux, inside a keyring session as the README shows).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'test-results', 'screenshots');
const images = join(root, 'docs', 'images');
/** Every picture the guides show, by the name the specs give it. */
export const screenshots = [
  'dashboard-empty.png',
  'settings.png',
  'connect-choose.png',
  'connect-waiting.png',
  'connect-done.png',
  'dashboard-3-companies.png',
  'dashboard-one-broken.png',
  'reconnect-done.png',
  'relay-disconnect.png',
  'dashboard-after-disconnect-url.png',
  'firm-300-groups.png',
  'firm-300-print.png',
];

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`Realmkeeper: \`${command} ${args.join(' ')}\` failed; no screenshot was replaced.`);
    process.exit(result.status ?? 1);
  }
}

function filesUnder(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

rmSync(output, { recursive: true, force: true });
run('npm', ['run', 'build', '--silent']);
// Required, not skipped: a run that skipped its specs must not pass for one that took the pictures.
process.env.REALMKEEPER_REQUIRE_SYSTEM = '1';
run('npx', ['playwright', 'test', 'test/e2e/app.spec.ts', 'test/e2e/disconnect-url.spec.ts', 'test/e2e/firm-300.spec.ts', '--output', output, '--reporter', 'line']);
const taken = filesUnder(output);
mkdirSync(images, { recursive: true });
const missing = [];
for (const name of screenshots) {
  const found = taken.find((path) => path.endsWith(`/${name}`) || path.endsWith(`\\${name}`));
  if (found === undefined) missing.push(name);
  else copyFileSync(found, join(images, name));
}
if (missing.length > 0) {
  console.error(`Realmkeeper: the run took no ${missing.join(', ')}; the other screenshots were updated.`);
  process.exit(1);
}
console.error(`Realmkeeper: ${screenshots.length} screenshots updated in docs/images/`);
