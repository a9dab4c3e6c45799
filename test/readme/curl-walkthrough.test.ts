import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index';

/** The README's curl walk-through, run as written (only the port differs), so it stays true. */
function walkthroughScript(): string {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.split('### One full code flow with curl')[1] ?? '';
  const script = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (script === undefined) throw new Error('README has no curl walk-through');
  return script;
}

describe('the README curl walk-through', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await simulator.close();
  });

  it('connects Larry\'s Bakery, refreshes, and shows a reused code refused as code_reused', async () => {
    const script = walkthroughScript().replaceAll('127.0.0.1:8700', `127.0.0.1:${simulator.port}`);
    // Asynchronously: the simulator runs in this process and must keep answering.
    const { stdout: output } = await promisify(execFile)('bash', ['-e', '-c', script], { encoding: 'utf8' });
    expect(output).toContain('"CompanyName":"Larry\'s Bakery"');
    expect(output.trim().split('\n').slice(-3)).toEqual([
      'authorization_code 200  ',
      'refresh_token 200  ',
      'authorization_code 400 invalid_grant code_reused',
    ]);
  });
});
