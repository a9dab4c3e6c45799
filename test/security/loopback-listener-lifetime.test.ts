import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../main/core/engine/connection-engine';
import { useHarness, type EngineHarness } from '../support/engine-harness';
import { ManualTimers } from '../support/manual-timers';
import { waitUntil } from '../support/wait-until';

type Outcome = 'accepted' | 'refused' | 'unreachable';

/** A bare TCP connect, as any program on this machine or the network could try. */
function tryConnect(host: string, port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('unreachable');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'unreachable'));
  });
}

/** Every address of this machine that is not loopback, link-local ones with their interface. */
function otherLocalAddresses(): string[] {
  return Object.entries(networkInterfaces()).flatMap(([name, entries]) =>
    (entries ?? []).filter((entry) => !entry.internal).map((entry) => (entry.family === 'IPv6' && entry.address.startsWith('fe80:') ? `${entry.address}%${name}` : entry.address)),
  );
}

/**
 * The addresses a port is listened on, from the kernel's own tables (Linux): the one way to see
 * a wildcard bind (0.0.0.0 or ::) that a connect from this machine would not reveal.
 */
function listeningAddresses(port: number): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  const listening = '0A';
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8').split('\n').slice(1);
    } catch {
      return [];
    }
  };
  const addresses: string[] = [];
  for (const [file, family] of [['/proc/net/tcp', 'v4'], ['/proc/net/tcp6', 'v6']] as const) {
    for (const line of read(file)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local === undefined || state !== listening) continue;
      const [addressHex = '', localPort] = local.split(':');
      if (localPort !== portHex) continue;
      addresses.push(family === 'v4' ? addressHex.match(/../g)?.reverse().map((byte) => parseInt(byte, 16)).join('.') ?? addressHex : addressHex === '00000000000000000000000001000000' ? '::1' : addressHex === '0'.repeat(32) ? '::' : addressHex);
    }
  }
  return addresses.sort();
}

describe('The loopback listener binds only loopback, only while an attempt is pending', () => {
  let harness: EngineHarness;
  let engine: ConnectionEngine;
  let timers: ManualTimers;
  let port: number;

  useHarness(async (created) => {
    harness = created;
    timers = new ManualTimers();
    // A short linger: the result page stays viewable that long after the last attempt ends.
    engine = await harness.openEngine({ scheduleTimer: timers.schedule, callbackLingerMs: 200 });
    port = Number(new URL(harness.redirectUri).port);
  });

  const closes = () => waitUntil(async () => (await tryConnect('127.0.0.1', port)) === 'refused', 'the loopback port is closed');

  it('is not listening before an attempt, and while one is pending answers on 127.0.0.1 and ::1 only', async () => {
    expect(await tryConnect('127.0.0.1', port)).toBe('refused');
    await engine.connect({ environment: 'sandbox' });

    expect(await tryConnect('127.0.0.1', port)).toBe('accepted');
    const hasIpv6Loopback = Object.values(networkInterfaces()).some((entries) => entries?.some((entry) => entry.address === '::1'));
    if (hasIpv6Loopback) expect(await tryConnect('::1', port)).toBe('accepted');
    const others = otherLocalAddresses();
    for (const address of others) expect(await tryConnect(address, port), `reachable on ${address}`).not.toBe('accepted');
    const bound = listeningAddresses(port);
    if (bound !== undefined) expect(bound).toEqual(hasIpv6Loopback ? ['127.0.0.1', '::1'] : ['127.0.0.1']);
    // Where the machine has no other address, the kernel's table above is what proves it.
    expect(others.length > 0 || bound !== undefined).toBe(true);
  });

  it('closes once the attempt is answered', async () => {
    const started = await engine.connect({ environment: 'sandbox' });
    await harness.deliver(await harness.consent(started.authorizationUrl, await harness.realmOf("Larry's Bakery")));
    expect((await engine.waitForAttempt(started.attempt.attemptId)).state.step).toBe('connected');
    await closes();
  });

  it('closes once the attempt is cancelled', async () => {
    const started = await engine.connect({ environment: 'sandbox' });
    expect(await tryConnect('127.0.0.1', port)).toBe('accepted');
    engine.cancelAttempt(started.attempt.attemptId);
    await closes();
  });

  it('closes once the attempt expires, unanswered, after ten minutes', async () => {
    await engine.connect({ environment: 'sandbox' });
    expect(await tryConnect('127.0.0.1', port)).toBe('accepted');
    await harness.advanceClock(10 * 60_000 + 1_000);
    timers.fireAll();
    await closes();
  });

  it('stays while any attempt is pending, and closes with the last', async () => {
    // No linger at all: a close the first cancel wrongly armed would fire before the first connect returns.
    const eager = await harness.openEngine({ scheduleTimer: timers.schedule, callbackLingerMs: 0 });
    await engine.close();
    const first = await eager.connect({ environment: 'sandbox' });
    const second = await eager.connect({ environment: 'sandbox' });
    eager.cancelAttempt(first.attempt.attemptId);
    expect(await tryConnect('127.0.0.1', port)).toBe('accepted');
    expect(await tryConnect('127.0.0.1', port)).toBe('accepted');
    eager.cancelAttempt(second.attempt.attemptId);
    await closes();
  });
});
