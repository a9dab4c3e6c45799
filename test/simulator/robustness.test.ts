import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../main/simulator/index';
import type { RunningSimulator } from '../../main/simulator/index';
import { basicAuthorization, send } from './intuit-requests';

let simulator: RunningSimulator;
const unhandled: unknown[] = [];
function onUnhandled(reason: unknown): void {
  unhandled.push(reason);
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  simulator = await startSimulator();
});
afterAll(async () => {
  await simulator.close();
  process.off('unhandledRejection', onUnhandled);
});

/** Sends bytes as they are, for requests fetch would refuse to make. */
function rawHttp(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(simulator.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
    socket.end(text);
  });
}

describe('bad input never crashes the simulator', () => {
  it('answers arbitrary token-endpoint bodies with an Intuit-shaped 4xx', async () => {
    const client = simulator.clients.sandbox;
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', ''), async (body, contentType) => {
        const answer = await send(`${simulator.url}/oauth2/v1/tokens/bearer`, {
          method: 'POST',
          headers: { authorization: basicAuthorization(client), ...(contentType === '' ? {} : { 'content-type': contentType }) },
          body,
        });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(['invalid_request', 'invalid_grant', 'unsupported_grant_type']).toContain(answer.json?.error);
        expect(answer.headers.get('intuit_tid')).not.toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it('survives malformed encodings, paths and headers', async () => {
    const answers = await Promise.all([
      send(`${simulator.url}/connect/oauth2?client_id=%E0%A4%A&redirect_uri=%%%`),
      send(`${simulator.url}/connect/oauth2`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'client_id=%ZZ&decision=connect' }),
      send(`${simulator.apiBaseUrl('sandbox')}/v3/company/%ZZ/companyinfo/%ZZ`, { headers: { authorization: 'Bearer x', accept: 'application/json' } }),
      send(`${simulator.url}/v2/oauth2/tokens/revoke`, { method: 'POST', headers: { authorization: 'Basic ==', 'content-type': 'application/json' }, body: 'null' }),
      send(`${simulator.url}/oauth2/v1/tokens/bearer`, { method: 'GET' }),
      send(`${simulator.url}/oauth2/v1/tokens/bearer`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('%:%').toString('base64')}` }, body: Buffer.from([0xff, 0xfe, 0x00]) }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 401, 401, 405, 401]);
    const garbage = await rawHttp('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.startsWith('HTTP/1.1 400')).toBe(true);
    const hugeJson = await send(`${simulator.url}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(simulator.clients.sandbox), 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'a'.repeat(300_000) }),
    });
    expect(hugeJson.status).toBe(413);
    expect((await send(simulator.discoveryUrl('production'))).status).toBe(200);
    expect(unhandled).toEqual([]);
  });
});
