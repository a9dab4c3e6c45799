import type { App } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { acquireSingleInstance, deliverLaunchUrl, registerProtocolClient, wireProtocolDelivery } from '../../main/electron/protocol-delivery';
import { FakeApp } from './fake-electron';

const callback = 'realmkeeper://oauth/callback?code=AB1&state=s1&realmId=9341452148659287';

function wired() {
  const app = new FakeApp();
  const handleUrl = vi.fn();
  const focus = vi.fn();
  wireProtocolDelivery(app as unknown as App, { handleUrl, focus });
  return { app, handleUrl, focus };
}

describe('protocol URL delivery', () => {
  it('macOS open-url reaches the handler exactly once per event, and the default is prevented', () => {
    const { app, handleUrl } = wired();
    const event = { preventDefault: vi.fn() };
    app.emit('open-url', event, callback);
    expect(handleUrl.mock.calls).toEqual([[callback]]);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('a second instance (Windows, Linux) focuses the first window and hands on its URL once', () => {
    const { app, handleUrl, focus } = wired();
    app.emit('second-instance', {}, ['/opt/Realmkeeper/realmkeeper', '--no-sandbox', callback], '/home/bookkeeper');
    expect(handleUrl.mock.calls).toEqual([[callback]]);
    expect(focus).toHaveBeenCalledOnce();
  });

  it('a second launch without a URL only focuses', () => {
    const { app, handleUrl, focus } = wired();
    app.emit('second-instance', {}, ['/opt/Realmkeeper/realmkeeper'], '/home/bookkeeper');
    expect(handleUrl).not.toHaveBeenCalled();
    expect(focus).toHaveBeenCalledOnce();
  });

  it('the first launch hands on the URL in its own arguments once', () => {
    const handleUrl = vi.fn();
    deliverLaunchUrl(['/opt/Realmkeeper/realmkeeper', callback], handleUrl);
    deliverLaunchUrl(['/opt/Realmkeeper/realmkeeper'], handleUrl);
    expect(handleUrl.mock.calls).toEqual([[callback]]);
  });

  it('each delivery path counts separately: three events, three hand-ons (the engine refuses the repeats)', () => {
    const { app, handleUrl } = wired();
    app.emit('open-url', { preventDefault() {} }, callback);
    app.emit('second-instance', {}, ['x', callback], '/');
    deliverLaunchUrl(['x', callback], handleUrl);
    expect(handleUrl).toHaveBeenCalledTimes(3);
  });
});

describe('single instance', () => {
  it('the first instance keeps running; a second one quits', () => {
    const first = new FakeApp(true);
    const second = new FakeApp(false);
    expect(acquireSingleInstance(first as unknown as App)).toBe(true);
    expect(first.quitCalls).toBe(0);
    expect(acquireSingleInstance(second as unknown as App)).toBe(false);
    expect(second.quitCalls).toBe(1);
  });
});

describe('registerProtocolClient', () => {
  it('registers realmkeeper, with the script when run from source', () => {
    const app = new FakeApp();
    registerProtocolClient(app as unknown as App, { defaultApp: true, execPath: '/usr/bin/electron', argv: ['/usr/bin/electron', '/repo/dist/main/electron-main.js'] });
    registerProtocolClient(app as unknown as App, { execPath: '/opt/Realmkeeper/realmkeeper', argv: ['/opt/Realmkeeper/realmkeeper'] });
    expect(app.protocolClients).toEqual([['realmkeeper', '/usr/bin/electron', ['/repo/dist/main/electron-main.js']], ['realmkeeper']]);
  });
});
