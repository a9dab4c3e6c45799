import { spawn } from 'node:child_process';

export interface ProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** Runs a command to its end and times it from spawn to exit, as a script calling it would wait. */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000, input?: string): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

/** Runs a child of this runner (`--child <name> …`) and parses the one JSON line it prints last. */
export async function runChild<T>(entry: string, name: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<T> {
  const run = await runProcess(process.execPath, [entry, '--child', name, ...args], env, 300_000, input);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code !== 0 || !last.startsWith('{')) throw new Error(`bench child ${name} exited ${run.code}: ${run.stderr.slice(-2000)}`);
  return JSON.parse(last) as T;
}
