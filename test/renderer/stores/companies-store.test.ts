import { afterEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../../../renderer/src/api/current-api';
import { initialCompaniesState, loadCompanies, queueCompanyPatch, useCompaniesStore } from '../../../renderer/src/stores/companies-store';
import { company, FakeApi } from '../support/fake-api';

afterEach(() => {
  vi.useRealTimers();
  useCompaniesStore.setState(initialCompaniesState());
});

describe('patching one company against re-reading the list', () => {
  it('a change heard before a re-read started is dropped: applied after the answer it would undo it', async () => {
    vi.useFakeTimers();
    const now = Date.now();
    const during = company({ id: 'a', name: "Larry's Bakery", refreshing: true }, now);
    const after = company({ id: 'a', name: "Larry's Bakery", refreshing: false, status: 'retrying', retryReason: 'network', retryAt: now + 60_000 }, now);
    setApi(new FakeApi().answer('listCompanies', () => ({ ok: true, value: { companies: [after], readAt: now } })).api());
    useCompaniesStore.setState({ load: 'ready', companies: [company({ id: 'a', name: "Larry's Bakery" }, now)] });
    queueCompanyPatch(during);
    await loadCompanies();
    await vi.advanceTimersByTimeAsync(500);
    expect(useCompaniesStore.getState().companies).toEqual([after]);
  });

  it('a change heard while a re-read is in flight is kept over its answer, and applied in one batch with the others', async () => {
    vi.useFakeTimers();
    const now = Date.now();
    const listed = [company({ id: 'a', name: 'A' }, now), company({ id: 'b', name: 'B' }, now), company({ id: 'c', name: 'C' }, now)];
    let answer: (() => void) | undefined;
    // An answer that arrives when the test says: the read is in flight meanwhile.
    const api = new FakeApi().api();
    setApi({
      ...api,
      listCompanies: () => new Promise((resolve) => (answer = () => resolve({ ok: true, value: { companies: listed, readAt: now } }))),
    });
    useCompaniesStore.setState({ load: 'ready', companies: listed });
    const loading = loadCompanies();
    const brokenA = company({ id: 'a', name: 'A', status: 'needs_reconnect', cause: 'revoked' }, now);
    const brokenC = company({ id: 'c', name: 'C', status: 'needs_reconnect', cause: 'revoked' }, now);
    queueCompanyPatch(brokenA);
    queueCompanyPatch(brokenC);
    await vi.advanceTimersByTimeAsync(150);
    const patched = useCompaniesStore.getState().companies;
    expect(patched.map((each) => each.status)).toEqual(['needs_reconnect', 'connected', 'needs_reconnect']);
    answer?.();
    await loading;
    expect(useCompaniesStore.getState().companies.map((each) => each.status)).toEqual(['needs_reconnect', 'connected', 'needs_reconnect']);
    // B kept its object through the patch: its memoized row is not drawn again.
    expect(patched[1]).toBe(listed[1]);
  });
});
