import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'vite';

/**
 * A TypeScript test script bundled into one plain ES module, so that a test can run the real
 * code in a child process it can stop, resume or kill. Vite is what builds the app's own Node
 * bundles, so nothing else compiles TypeScript at run time.
 */
export interface BuiltScript {
  readonly path: string;
  remove(): void;
}

/**
 * `external` names packages left to Node to load (native modules such as keytar): the script is
 * then written inside the repository, so that Node finds them in node_modules.
 */
export async function buildChildScript(entry: string, external: readonly string[] = []): Promise<BuiltScript> {
  const base = external.length === 0 ? tmpdir() : join(import.meta.dirname, '..', '..', 'node_modules', '.cache');
  mkdirSync(base, { recursive: true });
  const outDir = mkdtempSync(join(base, 'realmkeeper-child-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true, external: [...external] },
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { external: [...external], output: { format: 'es', entryFileNames: 'child.mjs' } },
    },
  });
  return { path: join(outDir, 'child.mjs'), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface RunningChild {
  readonly process: ChildProcessWithoutNullStreams;
  /** The next line the child writes on stdout. */
  nextLine(): Promise<string>;
  /** Ends the child if it still runs. */
  kill(): void;
}

export function runChildScript(script: BuiltScript, args: readonly string[], env: NodeJS.ProcessEnv = process.env): RunningChild {
  const child = spawn(process.execPath, [script.path, ...args], { stdio: 'pipe', env });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reader = waiting.shift();
    if (reader === undefined) lines.push(line);
    else reader(line);
  });
  return {
    process: child,
    nextLine(): Promise<string> {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        child.once('exit', (code, signal) => reject(new Error(`the child ended (${code ?? signal}) without a line; stderr: ${stderr}`)));
      });
    },
    kill(): void {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
    },
  };
}
