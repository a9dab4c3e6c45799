#!/usr/bin/env node
// `npm start`: builds, then opens the desktop app in Electron, or, where Electron's binary is not
// installed (ELECTRON_SKIP_BINARY_DOWNLOAD, a server, a container), says so in one line and
// starts the browser shell instead. Without Intuit keys either one runs the demo on the simulator.
// Before Electron opens, better-sqlite3 and keytar are built for Electron's ABI once, beside
// Node's builds (scripts/build-native.mjs), so the tests and the command line keep Node's.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable when the `electron` package has downloaded it, else undefined. */
function electronBinary() {
  try {
    // The package's main export is the path of the binary; it throws when the download was skipped.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Realmkeeper: the build failed; see the messages above.');
  process.exit(build.status ?? 1);
}

/** Builds the native modules for Electron unless they are already there; false when that failed. */
function electronNativeModulesReady() {
  const result = spawnSync(process.execPath, [resolve(root, 'scripts/build-native.mjs'), '--runtime', 'electron', '--if-missing'], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

let electron = electronBinary();
if (electron !== undefined && !electronNativeModulesReady()) {
  console.error('Realmkeeper: without native modules built for Electron the window cannot open, so this starts the browser shell instead (the same app in your browser).');
  electron = undefined;
} else if (electron === undefined) {
  console.error("Realmkeeper: Electron isn't installed here (`npm install` said why), so this starts the browser shell instead (the same app in your browser).");
}
if (electron === undefined) {
  await import(resolve(root, 'dist/main/web.js'));
} else {
  // A stray ELECTRON_RUN_AS_NODE would start Electron as plain Node, without a window.
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...env } = process.env;
  const child = spawn(electron, [resolve(root, 'dist/main/electron-main.js')], { cwd: root, stdio: 'inherit', env });
  child.once('error', (error) => {
    console.error(`Realmkeeper: Electron could not be started (${error.message}).`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => child.kill(signal));
}
