import { create } from 'zustand';
import type { EventView, ResultOf } from '../../../preload/contract/api-contract';
import { getApi } from '../api/current-api';

export interface ActivityState {
  readonly load: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly events: readonly EventView[];
  readonly nextCursor: string | null;
  readonly summary: ResultOf<'activity:summary'> | null;
  /** The open company's history, kept apart from the log across companies. */
  readonly companyId: string | null;
  readonly companyEvents: readonly EventView[];
  readonly companyLoad: 'loading' | 'ready' | 'error';
}

export function initialActivityState(): ActivityState {
  return { load: 'loading', error: null, events: [], nextCursor: null, summary: null, companyId: null, companyEvents: [], companyLoad: 'loading' };
}

export const useActivityStore = create<ActivityState>()(() => initialActivityState());

const pageSize = 100;

export async function loadActivity(): Promise<void> {
  const api = getApi();
  const [events, summary] = await Promise.all([api.listEvents({ limit: pageSize }), api.activitySummary({ days: 30 })]);
  if (!events.ok || !summary.ok) {
    const error = !events.ok ? events.error.message : !summary.ok ? summary.error.message : 'unknown';
    useActivityStore.setState({ load: 'error', error });
    return;
  }
  useActivityStore.setState({ load: 'ready', error: null, events: events.value.events, nextCursor: events.value.nextCursor, summary: summary.value });
}

export async function loadMoreActivity(): Promise<void> {
  const { nextCursor } = useActivityStore.getState();
  if (nextCursor === null) return;
  const result = await getApi().listEvents({ limit: pageSize, cursor: nextCursor });
  if (!result.ok) return;
  useActivityStore.setState((state) => ({ events: [...state.events, ...result.value.events], nextCursor: result.value.nextCursor }));
}

export async function loadCompanyHistory(companyId: string): Promise<void> {
  useActivityStore.setState({ companyId, companyLoad: 'loading', companyEvents: [] });
  const result = await getApi().listEvents({ companyId, limit: pageSize });
  if (useActivityStore.getState().companyId !== companyId) return;
  useActivityStore.setState(result.ok ? { companyLoad: 'ready', companyEvents: result.value.events } : { companyLoad: 'error' });
}
