import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const webEntry = resolve(import.meta.dirname, '../../../dist/main/web.js');

/**
 * The real browser shell (`node dist/main/web.js`) as a child process: started with the
 * environment a test gives it, ready when it prints its address, stopped with SIGTERM.
 */
export class WebShell {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<WebShell> {
    const child = spawn(process.execPath, [webEntry], {
      env: { ...process.env, ...env, REALMKEEPER_NO_BROWSER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const url = await new Promise<string>((resolvePromise, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`The web shell did not print its address in 20 s.\n${stderr}`)), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Realmkeeper is running at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(stdout);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolvePromise(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The web shell exited with ${code}.\n${stderr}`));
      });
    });
    const shell = new WebShell(child, url);
    child.stderr?.on('data', (chunk: Buffer) => {
      shell.output += chunk.toString();
    });
    return shell;
  }

  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolvePromise) => this.child.once('exit', () => resolvePromise()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
