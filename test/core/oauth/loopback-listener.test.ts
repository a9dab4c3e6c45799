import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnLoopback, LoopbackPortBusyError, type LoopbackListener } from '../../../main/core/oauth/loopback-listener';

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = request({ host, port, path: '/callback', timeout: 2000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    });
    call.on('error', reject);
    call.on('timeout', () => call.destroy(new Error('timeout')));
    call.end();
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function hasIpv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((entries) => entries?.some((entry) => entry.address === '::1'));
}

function externalAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (!entry.internal && entry.family === 'IPv4') return entry.address;
  }
  return undefined;
}

describe('listenOnLoopback', () => {
  let listener: LoopbackListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  it('answers on 127.0.0.1 and, where the machine has it, on ::1', async () => {
    const port = await freePort();
    listener = await listenOnLoopback(port, (_request, response) => response.end('here'));
    expect(await get('127.0.0.1', port)).toBe('here');
    if (hasIpv6Loopback()) expect(await get('::1', port)).toBe('here');
  });

  it('is not reachable on any other interface', async () => {
    const address = externalAddress();
    const port = await freePort();
    listener = await listenOnLoopback(port, (_request, response) => response.end('here'));
    if (address === undefined) return;
    await expect(get(address, port)).rejects.toThrow(/ECONNREFUSED|timeout/);
  });

  it('reports a busy port as a clear error with a stable code', async () => {
    const occupant = createServer();
    await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve));
    const { port } = occupant.address() as AddressInfo;
    try {
      const attempt = listenOnLoopback(port, () => undefined);
      await expect(attempt).rejects.toBeInstanceOf(LoopbackPortBusyError);
      await expect(attempt).rejects.toMatchObject({ code: 'loopback_port_busy' });
      await expect(attempt).rejects.toThrow(`Port ${port}`);
    } finally {
      await new Promise<void>((resolve) => occupant.close(() => resolve()));
    }
  });

  it('stops answering once closed, and the port can be bound again', async () => {
    const port = await freePort();
    const first = await listenOnLoopback(port, (_request, response) => response.end('first'));
    await first.close();
    await expect(get('127.0.0.1', port)).rejects.toThrow(/ECONNREFUSED/);
    listener = await listenOnLoopback(port, (_request, response) => response.end('second'));
    expect(await get('127.0.0.1', port)).toBe('second');
  });
});
