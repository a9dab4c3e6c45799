import { describe, expect, it } from 'vitest';
import { quitAfterDrain } from '../../main/electron/quit-after-drain';
import { FakeApp } from './fake-electron';

function willQuit(app: FakeApp): { prevented: boolean } {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  app.emit('will-quit', event);
  return event;
}

describe('quitting while a refresh is under way', () => {
  it('holds the quit until the engine has closed, then quits for real, once', async () => {
    const app = new FakeApp();
    let finishClose: () => void = () => undefined;
    let closes = 0;
    const closed = new Promise<void>((resolve) => (finishClose = resolve));
    quitAfterDrain(app as never, () => {
      closes += 1;
      return closed;
    }, () => undefined);

    expect(willQuit(app).prevented).toBe(true);
    // A second Quit while draining changes nothing and does not close twice.
    expect(willQuit(app).prevented).toBe(true);
    expect(closes).toBe(1);
    expect(app.quitCalls).toBe(0);

    finishClose();
    await closed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.quitCalls).toBe(1);
    // The real quit goes through.
    expect(willQuit(app).prevented).toBe(false);
  });

  it('still quits when closing fails, and reports why', async () => {
    const app = new FakeApp();
    const errors: unknown[] = [];
    quitAfterDrain(app as never, () => Promise.reject(new Error('database gone')), (error) => errors.push(error));
    willQuit(app);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.quitCalls).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
