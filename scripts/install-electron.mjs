#!/usr/bin/env node
// Our postinstall: runs the `electron` package's own installer (left out of `npm install` through
// package.json's allowScripts), so that a machine that cannot reach Electron's download server
// still installs everything else. It never fails the install: the desktop window is the only thing
// missing then, and `npm start` opens the same app in the browser instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
/** Generous for a slow line (the binary is about 100 MB); a blocked one fails well before. */
const downloadTimeoutMs = 15 * 60 * 1000;

function say(line) {
  console.error(`Realmkeeper: ${line}`);
}

function electronPackageFolder() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The binary's path when it is installed, else undefined (the package throws without it). */
function installedBinary(folder) {
  try {
    const path = require(folder);
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The last line that reads as an error in the installer's output: got's and @electron/get's messages. */
function reasonIn(output) {
  const lines = output.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at '));
  const errorLine = lines.find((line) => /error|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT|timed out|certificate/i.test(line));
  return (errorLine ?? lines.at(-1) ?? 'no message').slice(0, 200);
}

function main() {
  const folder = electronPackageFolder();
  if (folder === undefined) return; // `npm install --omit=dev`: no Electron wanted.
  const version = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version;
  if (installedBinary(folder) !== undefined) return;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    say(`ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron ${version}'s binary was not downloaded and the desktop window will not be available; \`npm start\` opens the app in your browser instead.`);
    return;
  }
  const result = spawnSync(process.execPath, [join(folder, 'install.js')], {
    cwd: folder,
    encoding: 'utf8',
    timeout: downloadTimeoutMs,
    env: process.env,
  });
  if (result.status === 0 && installedBinary(folder) !== undefined) {
    console.error(`Realmkeeper: Electron ${version} is installed; \`npm start\` opens the desktop window.`);
    return;
  }
  const reason = result.error !== undefined ? result.error.message : reasonIn(`${result.stderr}\n${result.stdout}`);
  say(`Electron ${version}'s binary could not be downloaded (${reason}), so the desktop window will not be available; \`npm start\` opens the app in your browser instead, and \`npm run install:electron\` tries the download again.`);
}

try {
  main();
} catch (error) {
  say(`the Electron download step failed unexpectedly (${error instanceof Error ? error.message : String(error)}); the desktop window may not be available.`);
}
process.exit(0);
