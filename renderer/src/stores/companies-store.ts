import { create } from 'zustand';
import type { CompanySummary } from '../../../preload/contract/api-contract';
import { getApi } from '../api/current-api';
import { defaultCompanyQuery, type CompanyQuery } from '../format/company-order';

export type CompanyAction = 'refresh' | 'test' | 'disconnect';

export interface ActionResult {
  readonly action: CompanyAction;
  readonly ok: boolean;
  readonly message: string;
  readonly intuitTid: string | null;
}

export interface CompaniesState {
  readonly load: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly companies: readonly CompanySummary[];
  /** When main read the list, by main's clock. */
  readonly readAt: number | null;
  /** Main's clock minus this window's, so "2 hours ago" is measured on main's clock. */
  readonly clockSkewMs: number;
  readonly progress: { readonly total: number; readonly done: number } | null;
  readonly query: CompanyQuery;
  readonly busy: Readonly<Record<string, CompanyAction>>;
  readonly results: Readonly<Record<string, ActionResult>>;
}

export function initialCompaniesState(): CompaniesState {
  return { load: 'loading', error: null, companies: [], readAt: null, clockSkewMs: 0, progress: null, query: defaultCompanyQuery, busy: {}, results: {} };
}

export const useCompaniesStore = create<CompaniesState>()(() => initialCompaniesState());

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

let latestLoad = 0;
/** Companies patched while the latest read was in flight: its answer may predate them. */
let patchedDuringLoad = new Map<string, CompanySummary>();

/** Company changes heard and not yet applied (they are applied in batches). */
const queuedPatches = new Map<string, CompanySummary>();
let patchTimer: ReturnType<typeof setTimeout> | null = null;

/** Reads the list; an answer older than one already shown is dropped. */
export async function loadCompanies(): Promise<void> {
  const ticket = ++latestLoad;
  // This read is newer than every change heard so far: applied after its answer, they would undo it.
  queuedPatches.clear();
  patchedDuringLoad = new Map();
  const result = await getApi().listCompanies({});
  if (ticket !== latestLoad) return;
  const newer = patchedDuringLoad;
  patchedDuringLoad = new Map();
  if (!result.ok) {
    useCompaniesStore.setState({ load: 'error', error: result.error.message });
    return;
  }
  useCompaniesStore.setState({
    load: 'ready',
    error: null,
    companies: newer.size === 0 ? result.value.companies : result.value.companies.map((company) => newer.get(company.id) ?? company),
    readAt: result.value.readAt,
    clockSkewMs: result.value.readAt - Date.now(),
  });
}

/**
 * Puts companies main says changed in place of their rows, keeping every other row's object
 * (so memoized rows do not re-render). Returns false when one is not in the list (a company
 * just connected): then only a re-read gives the list its place and its counts.
 */
export function patchCompanies(changed: readonly CompanySummary[]): boolean {
  if (changed.length === 0) return true;
  const byId = new Map(changed.map((company) => [company.id, company]));
  for (const company of changed) patchedDuringLoad.set(company.id, company);
  const { companies } = useCompaniesStore.getState();
  let found = 0;
  const patched = companies.map((company) => {
    const next = byId.get(company.id);
    if (next === undefined) return company;
    found += 1;
    return next;
  });
  useCompaniesStore.setState({ companies: patched });
  return found === byId.size;
}

/**
 * A launch pass sends one company_changed per company: they are applied in batches, each batch
 * one store update, and a company not yet in the list (just connected) turns into a re-read.
 */
export function queueCompanyPatch(company: CompanySummary): void {
  queuedPatches.set(company.id, company);
  if (patchTimer !== null) return;
  patchTimer = setTimeout(() => {
    patchTimer = null;
    const batch = [...queuedPatches.values()];
    queuedPatches.clear();
    if (!patchCompanies(batch)) void loadCompanies();
  }, 100);
}

export function setCompanyQuery(patch: Partial<CompanyQuery>): void {
  useCompaniesStore.setState((state) => ({ query: { ...state.query, ...patch } }));
}

export function setRefreshProgress(total: number, done: number): void {
  useCompaniesStore.setState({ progress: done >= total ? null : { total, done } });
}

async function runAction(companyId: string, action: CompanyAction, run: () => Promise<ActionResult>): Promise<ActionResult> {
  useCompaniesStore.setState((state) => ({ busy: { ...state.busy, [companyId]: action }, results: without(state.results, companyId) }));
  const result = await run();
  useCompaniesStore.setState((state) => ({ busy: without(state.busy, companyId), results: { ...state.results, [companyId]: result } }));
  void loadCompanies();
  return result;
}

export function refreshCompany(companyId: string): Promise<ActionResult> {
  return runAction(companyId, 'refresh', async () => {
    const result = await getApi().refreshCompany({ companyId });
    if (!result.ok) return { action: 'refresh', ok: false, message: result.error.message, intuitTid: null };
    const ok = result.value.outcome === 'refreshed' || result.value.outcome === 'already_fresh';
    return { action: 'refresh', ok, message: result.value.message, intuitTid: null };
  });
}

export function testCompany(companyId: string): Promise<ActionResult> {
  return runAction(companyId, 'test', async () => {
    const result = await getApi().testCompany({ companyId });
    if (!result.ok) return { action: 'test', ok: false, message: result.error.message, intuitTid: null };
    return { action: 'test', ok: result.value.ok, message: result.value.message, intuitTid: result.value.intuitTid };
  });
}

export function disconnectCompany(companyId: string): Promise<ActionResult> {
  return runAction(companyId, 'disconnect', async () => {
    const result = await getApi().disconnectCompany({ companyId });
    if (!result.ok) return { action: 'disconnect', ok: false, message: result.error.message, intuitTid: null };
    return { action: 'disconnect', ok: true, message: result.value.message, intuitTid: null };
  });
}
