import { beforeEach, describe, expect, it } from 'vitest';
import type { AttemptView } from '../../../preload/contract/api-contract';
import { setApi } from '../../../renderer/src/api/current-api';
import { initialCompaniesState, useCompaniesStore } from '../../../renderer/src/stores/companies-store';
import {
  attemptChanged,
  continueReconnectAll,
  initialConnectState,
  startConnect,
  startReconnectAll,
  useConnectStore,
} from '../../../renderer/src/stores/connect-store';
import { FakeApi } from '../support/fake-api';

function attempt(attemptId: string, targetCompanyId: string | null, state: AttemptView['state'] = { step: 'waiting_for_browser' }): AttemptView {
  return { attemptId, environment: 'sandbox', targetCompanyId, startedAt: 1, expiresAt: 600_001, state };
}

let fake: FakeApi;
let nextId = 0;

beforeEach(() => {
  nextId = 0;
  fake = new FakeApi()
    .answer('startConnect', (request) => ({ ok: true, value: { attempt: attempt(`a${++nextId}`, request.targetCompanyId ?? null), authorizationUrl: null } }))
    .answer('listCompanies', () => ({ ok: true, value: { companies: [], readAt: Date.now() } }))
    .answer('cancelConnect', (request) => ({ ok: true, value: { attempt: attempt(request.attemptId, null, { step: 'cancelled' }) } }));
  setApi(fake.api());
  useConnectStore.setState(initialConnectState());
  useCompaniesStore.setState(initialCompaniesState());
});

describe('connect store', () => {
  it('follows its own attempt to the connected company, and drops news of another attempt', async () => {
    await startConnect('sandbox', null, null);
    attemptChanged(attempt('someone-else', null, { step: 'connected', companyId: 'x', companyName: 'Wrong Co', recovered: false }));
    expect(useConnectStore.getState().flow).toMatchObject({ phase: 'attempt', attempt: { attemptId: 'a1', state: { step: 'waiting_for_browser' } } });
    attemptChanged(attempt('a1', null, { step: 'connected', companyId: 'c1', companyName: "Larry's Bakery", recovered: false }));
    expect(useConnectStore.getState().flow).toMatchObject({ phase: 'attempt', attempt: { state: { companyName: "Larry's Bakery" } } });
  });

  it('sends the browser-shell tab to the consent address, or closes it when the shell opened the browser', async () => {
    const navigated: string[] = [];
    let closed = 0;
    const tab = { navigate: (url: string) => navigated.push(url) > 0, close: () => void (closed += 1) };
    fake.answer('startConnect', () => ({ ok: true, value: { attempt: attempt('a9', null), authorizationUrl: 'http://127.0.0.1:1/connect/oauth2' } }));
    await startConnect('sandbox', null, tab);
    expect(navigated).toEqual(['http://127.0.0.1:1/connect/oauth2']);
    fake.answer('startConnect', () => ({ ok: true, value: { attempt: attempt('a10', null), authorizationUrl: null } }));
    await startConnect('sandbox', null, tab);
    expect(closed).toBe(1);
  });

  it('reconnects several companies one after another, each attempt pinned to its company, counting "n of m done"', async () => {
    startReconnectAll(
      [
        { companyId: 'c1', companyName: 'One', environment: 'sandbox' },
        { companyId: 'c2', companyName: 'Two', environment: 'production' },
      ],
      null,
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.callsOf('startConnect')).toEqual([{ environment: 'sandbox', targetCompanyId: 'c1' }]);
    attemptChanged(attempt('a1', 'c1', { step: 'connected', companyId: 'c1', companyName: 'One', recovered: true }));
    expect(useConnectStore.getState().batch).toMatchObject({ outcomes: { c1: 'connected' }, finished: false });
    continueReconnectAll(null);
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.callsOf('startConnect')[1]).toEqual({ environment: 'production', targetCompanyId: 'c2' });
    attemptChanged(attempt('a2', 'c2', { step: 'failed', cause: 'access_denied', summary: 'Cancelled', fix: 'Again' }));
    expect(useConnectStore.getState().batch).toMatchObject({ outcomes: { c1: 'connected', c2: 'failed' }, finished: true });
  });
});
