import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliUsage, defaultCliPort, describeSimulator, parseCliArguments } from '../../main/simulator/cli-options';
import { defaultClients, startSimulator } from '../../main/simulator/index';

describe('simulator command line', () => {
  it('parses --port and --strict, and refuses anything else', () => {
    expect(parseCliArguments([])).toEqual({ kind: 'run', port: defaultCliPort, strict: false });
    expect(defaultCliPort).toBe(8700);
    expect(parseCliArguments(['--port', '0', '--strict'])).toEqual({ kind: 'run', port: 0, strict: true });
    expect(parseCliArguments(['--port=9001'])).toEqual({ kind: 'run', port: 9001, strict: false });
    expect(parseCliArguments(['--port', '70000']).kind).toBe('invalid');
    expect(parseCliArguments(['--port']).kind).toBe('invalid');
    expect(parseCliArguments(['--verbose']).kind).toBe('invalid');
    expect(parseCliArguments(['--help'])).toEqual({ kind: 'help' });
    expect(cliUsage).toContain('--strict');
  });

  it('describes everything a developer needs to point a client at it', async () => {
    const simulator = await startSimulator({ strict: true });
    try {
      const text = describeSimulator(simulator);
      for (const expected of [
        simulator.discoveryUrl('sandbox'),
        simulator.discoveryUrl('production'),
        defaultClients.sandbox.clientId,
        defaultClients.sandbox.clientSecret,
        defaultClients.production.clientId,
        defaultClients.production.clientSecret,
        'http://localhost:8765/callback',
        'https://relay.example.com/realmkeeper/callback',
        `${simulator.url}/__simulator`,
        '(strict)',
      ]) {
        expect(text).toContain(expected);
      }
    } finally {
      await simulator.close();
    }
  });

  it('runs as a process until SIGTERM', async () => {
    const child = spawn(process.execPath, ['node_modules/jiti/lib/jiti-cli.mjs', 'main/simulator/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 15_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1] !== undefined && output.includes('Stop with Ctrl+C')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const discovery = await fetch(`${url}/.well-known/openid_sandbox_configuration`);
    expect(discovery.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
