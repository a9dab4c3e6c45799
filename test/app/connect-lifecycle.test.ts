import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualTimers } from '../support/manual-timers';
import { refusesConnections, waitUntil } from '../support/wait-until';
import { startServiceHarness } from './app-service-harness';

type Running = Awaited<ReturnType<typeof startServiceHarness>>;

describe('connect attempts in the app', () => {
  let running: Running;
  let timers: ManualTimers;

  beforeEach(async () => {
    timers = new ManualTimers();
    running = await startServiceHarness({ engineOptions: { scheduleTimer: timers.schedule } });
  });
  afterEach(async () => {
    await running?.close();
  });

  it('expires an abandoned sign-in on its own timer: the window hears of it, the listener closes, settings unlock', async () => {
    const started = await running.service.handle('connect:start', { environment: 'sandbox' });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const listenerPage = new URL('/', running.harness.redirectUri).href;
    expect(await refusesConnections(listenerPage)).toBe(false);
    expect(await running.service.handle('settings:set', { key: 'keepAliveIntervalHours', value: '12' })).toMatchObject({ ok: false, error: { code: 'connect_in_progress' } });

    // The bookkeeper walks away from the Intuit page; ten minutes pass, and nobody asks the app anything.
    await running.harness.advanceClock(10 * 60_000 + 1_000);
    timers.fireAll();
    expect(running.events).toContainEqual({ kind: 'attempt_changed', attempt: expect.objectContaining({ attemptId: started.value.attempt.attemptId, state: { step: 'expired' } }) });
    await waitUntil(() => refusesConnections(listenerPage), 'the loopback listener closes');

    expect(await running.service.handle('connect:list', {})).toEqual({ ok: true, value: { attempts: [] } });
    expect(await running.service.handle('settings:set', { key: 'keepAliveIntervalHours', value: '12' })).toMatchObject({ ok: true });
    expect(await running.harness.admin.tokenCalls()).toHaveLength(0);
  });

  it('tells the window plainly when the loopback port is taken, as the command line does', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(new URL(running.harness.redirectUri).port), '127.0.0.1', resolve));
    try {
      const started = await running.service.handle('connect:start', { environment: 'sandbox' });
      expect(started).toEqual({ ok: false, error: { code: 'loopback_port_busy', message: expect.stringContaining('already in use by another program') } });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
