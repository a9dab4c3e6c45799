import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildChildScript, runChildScript, type BuiltScript, type RunningChild } from '../../support/child-script';

/**
 * A refresher frozen (SIGSTOP, a paused VM, a debugger) past its request timeout while Intuit's
 * answer is on its way must read that answer when it resumes: the answer may carry the only copy
 * of a rotated refresh token.
 */

const timeoutMs = 1_000;
/** The freeze: longer than the whole timeout, by construction. */
const frozenMs = timeoutMs + 1_500;

const answer = {
  expires_in: 3600,
  token_type: 'bearer',
  x_refresh_token_expires_in: 8_726_400,
  refresh_token: 'RT1-rotated-while-the-refresher-slept',
  access_token: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..frozen.access.token',
};

interface PendingRequest {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
}

let script: BuiltScript;
let server: Server;
let endpoint: string;
let nextRequest: Promise<PendingRequest>;
let child: RunningChild | undefined;

function expectRequest(): void {
  nextRequest = new Promise((resolve) => {
    server.once('request', (request: IncomingMessage, response: ServerResponse) => {
      // The whole request has to be in before the child is stopped, so Intuit "has" it.
      request.resume();
      request.once('end', () => resolve({ request, response }));
    });
  });
}

function processState(pid: number): string {
  // /proc/<pid>/stat: "pid (comm) state …"; the command may hold spaces, the state follows the ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

async function stopped(pid: number): Promise<void> {
  while (processState(pid) !== 'T') {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function written(response: ServerResponse, body: string): Promise<void> {
  return new Promise((resolve) => {
    response.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(body)), intuit_tid: 'tid-frozen' });
    response.end(body, () => resolve());
  });
}

beforeAll(async () => {
  script = await buildChildScript(join(import.meta.dirname, 'refresh-child.ts'));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v1/tokens/bearer`;
}, 60_000);

afterEach(() => {
  child?.kill();
  child = undefined;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  script.remove();
});

describe.runIf(process.platform === 'linux')('a refresher frozen while its answer arrives', () => {
  it('reads the answer on resume instead of timing out', async () => {
    expectRequest();
    child = runChildScript(script, [endpoint, String(timeoutMs)]);
    const { response } = await nextRequest;
    const pid = child.process.pid ?? 0;

    child.process.kill('SIGSTOP');
    await stopped(pid);
    await written(response, JSON.stringify(answer));
    await new Promise((resolve) => setTimeout(resolve, frozenMs));
    child.process.kill('SIGCONT');

    expect(JSON.parse(await child.nextLine())).toEqual({ kind: 'issued', refreshToken: answer.refresh_token });
  });

  it('still times out when the answer never comes while it is awake', async () => {
    expectRequest();
    child = runChildScript(script, [endpoint, String(timeoutMs)]);
    const { response } = await nextRequest;
    const pid = child.process.pid ?? 0;

    child.process.kill('SIGSTOP');
    await stopped(pid);
    await new Promise((resolve) => setTimeout(resolve, frozenMs));
    child.process.kill('SIGCONT');

    // No answer: the freeze is not counted, but the awake time after it is.
    expect(JSON.parse(await child.nextLine())).toMatchObject({ kind: 'transient', reason: 'timeout' });
    response.destroy();
  });
});
