#!/usr/bin/env node
// `npm start` today: the app shell is not built yet, so say so plainly and start the Intuit
// simulator, which is what the app will connect to when no Intuit keys are set.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
console.log('Realmkeeper: the desktop app is not built yet; starting the Intuit simulator it will use as its demo.');
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Realmkeeper: the build failed; see the messages above.');
  process.exit(build.status ?? 1);
}
await import(resolve(root, 'dist/main/simulator.js'));
