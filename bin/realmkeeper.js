#!/usr/bin/env node
// The `realmkeeper` command (package.json "bin"): runs the Vite build of main/cli, so nothing
// compiles TypeScript at run time. Without a build, say how to make one instead of a stack trace.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main', 'cli.js');
if (!existsSync(entry)) {
  console.error('realmkeeper: the command line is not built yet; run npm run build first.');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
