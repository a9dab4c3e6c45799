// `npm run chaos`: builds the command line and the chaos runner, then runs the runner on a copy
// of the build (a rebuild during the run would empty dist/main under running processes).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = spawnSync('npx', ['vite', 'build', '--mode', 'node', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (node.status !== 0) process.exit(node.status ?? 1);
const runFolder = join(root, 'dist', `.chaos-${process.pid}`);
cpSync(join(root, 'dist', 'main'), join(runFolder, 'main'), { recursive: true, filter: (source) => !source.endsWith('.map') });
await build({
  configFile: false,
  logLevel: 'warn',
  ssr: { noExternal: true, external: ['keytar', 'better-sqlite3', '@homebridge/dbus-native'] },
  build: {
    ssr: join(root, 'test', 'chaos', 'chaos-main.ts'),
    outDir: join(runFolder, 'runner'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { external: ['keytar', 'better-sqlite3', '@homebridge/dbus-native'], output: { format: 'es', entryFileNames: 'chaos.mjs' } },
  },
});
const child = spawn(process.execPath, [join(runFolder, 'runner', 'chaos.mjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, REALMKEEPER_CHAOS_CLI: join(runFolder, 'main', 'cli.js') },
});
const stop = (signal) => child.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.once('close', (code, signal) => {
  rmSync(runFolder, { recursive: true, force: true });
  process.exit(code ?? (signal === null ? 1 : 128));
});
