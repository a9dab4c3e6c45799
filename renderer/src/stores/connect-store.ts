import { create } from 'zustand';
import type { AttemptStep, AttemptView, Environment } from '../../../preload/contract/api-contract';
import { consentUrlOf, type ConsentWindow } from '../api/consent-window';
import { getApi } from '../api/current-api';
import { loadCompanies } from './companies-store';

/** The connect dialog as a state machine; answers for another attempt than the current one are dropped. */
export type ConnectFlow =
  | { readonly phase: 'closed' }
  | { readonly phase: 'choosing' }
  | { readonly phase: 'starting'; readonly environment: Environment; readonly targetCompanyId: string | null }
  | { readonly phase: 'attempt'; readonly attempt: AttemptView; readonly consentUrl: string | null }
  | { readonly phase: 'error'; readonly message: string };

export interface BatchTarget {
  readonly companyId: string;
  readonly companyName: string;
  readonly environment: Environment;
}

/**
 * What happened to one company of a batch. `other_company`: another company came back from
 * Intuit's page and was added or reconnected instead, so this one is still broken.
 */
export type BatchOutcome = 'connected' | 'failed' | 'skipped' | 'other_company';

/** "Reconnect all": one company after another, each attempt pinned to its company. */
export interface ReconnectBatch {
  readonly targets: readonly BatchTarget[];
  readonly index: number;
  readonly outcomes: Readonly<Record<string, BatchOutcome>>;
  /** A plain-words note per company where the outcome alone does not say enough. */
  readonly notes: Readonly<Record<string, string>>;
  readonly finished: boolean;
  /** True when the bookkeeper stopped the batch before its end. */
  readonly stopped: boolean;
}

export interface ConnectState {
  readonly flow: ConnectFlow;
  readonly batch: ReconnectBatch | null;
}

export function initialConnectState(): ConnectState {
  return { flow: { phase: 'closed' }, batch: null };
}

export const useConnectStore = create<ConnectState>()(() => initialConnectState());

export function isTerminal(step: AttemptStep): boolean {
  return step.step === 'connected' || step.step === 'failed' || step.step === 'cancelled' || step.step === 'expired';
}

export function openConnectDialog(): void {
  useConnectStore.setState({ flow: { phase: 'choosing' }, batch: null });
}

export function closeConnectDialog(): void {
  const { flow } = useConnectStore.getState();
  if (flow.phase === 'attempt' && !isTerminal(flow.attempt.state) && flow.attempt.state.step !== 'realm_mismatch') {
    void cancelConnect();
  }
  useConnectStore.setState(initialConnectState());
}

/**
 * Starts an attempt. `consentWindow` is the tab the browser shell opened during the click; it is
 * sent to Intuit's page when the shell leaves opening it to the window, and closed otherwise.
 */
export async function startConnect(environment: Environment, targetCompanyId: string | null, consentWindow: ConsentWindow | null): Promise<void> {
  useConnectStore.setState({ flow: { phase: 'starting', environment, targetCompanyId } });
  const result = await getApi().startConnect(targetCompanyId === null ? { environment } : { environment, targetCompanyId });
  const { flow } = useConnectStore.getState();
  if (flow.phase !== 'starting') {
    consentWindow?.close();
    if (result.ok) void getApi().cancelConnect({ attemptId: result.value.attempt.attemptId });
    return;
  }
  if (!result.ok) {
    consentWindow?.close();
    useConnectStore.setState({ flow: { phase: 'error', message: result.error.message } });
    return;
  }
  const consentUrl = consentUrlOf(result.value);
  if (consentUrl === null) consentWindow?.close();
  else if (consentWindow !== null) consentWindow.navigate(consentUrl);
  useConnectStore.setState({ flow: { phase: 'attempt', attempt: result.value.attempt, consentUrl } });
}

export function attemptChanged(attempt: AttemptView): void {
  const { flow } = useConnectStore.getState();
  if (flow.phase !== 'attempt' || flow.attempt.attemptId !== attempt.attemptId) return;
  useConnectStore.setState({ flow: { ...flow, attempt } });
  if (isTerminal(attempt.state)) {
    void loadCompanies();
    recordBatchOutcome(attempt);
  }
}

export async function cancelConnect(): Promise<void> {
  const { flow } = useConnectStore.getState();
  if (flow.phase !== 'attempt') return;
  const result = await getApi().cancelConnect({ attemptId: flow.attempt.attemptId });
  if (result.ok && result.value.attempt !== null) attemptChanged(result.value.attempt);
}

/** In a batch: gives up on the current company only; the batch moves on to the next one. */
export async function skipCurrent(): Promise<void> {
  await cancelConnect();
}

/** In a batch: gives up on the current company and every one after it. */
export async function stopReconnectAll(): Promise<void> {
  useConnectStore.setState((state) => (state.batch === null ? {} : { batch: { ...state.batch, stopped: true } }));
  await cancelConnect();
  useConnectStore.setState((state) => (state.batch === null ? {} : { batch: { ...state.batch, finished: true, stopped: true } }));
}

export async function resolveMismatch(choice: 'add_other' | 'discard'): Promise<void> {
  const { flow } = useConnectStore.getState();
  if (flow.phase !== 'attempt') return;
  const result = await getApi().resolveRealmMismatch({ attemptId: flow.attempt.attemptId, choice });
  if (!result.ok) {
    useConnectStore.setState({ flow: { phase: 'error', message: result.error.message } });
    return;
  }
  if (result.value.attempt !== null) attemptChanged(result.value.attempt);
  else useConnectStore.setState({ flow: { ...flow, attempt: { ...flow.attempt, state: { step: 'cancelled' } } } });
  void loadCompanies();
}

/** After a reload the window picks up an attempt still waiting for the browser. */
export async function resumePendingAttempt(): Promise<void> {
  const result = await getApi().listAttempts({});
  if (!result.ok) return;
  const pending = result.value.attempts
    .filter((attempt) => !isTerminal(attempt.state))
    .sort((left, right) => right.startedAt - left.startedAt)[0];
  if (pending === undefined || useConnectStore.getState().flow.phase !== 'closed') return;
  useConnectStore.setState({ flow: { phase: 'attempt', attempt: pending, consentUrl: null } });
}

export function startReconnectAll(targets: readonly BatchTarget[], consentWindow: ConsentWindow | null): void {
  const first = targets[0];
  if (first === undefined) {
    consentWindow?.close();
    return;
  }
  useConnectStore.setState({ batch: { targets, index: 0, outcomes: {}, notes: {}, finished: false, stopped: false } });
  void startConnect(first.environment, first.companyId, consentWindow);
}

/** The outcome for the company being repaired: "connected" only when that very company came back. */
function outcomeOf(step: AttemptStep, targetCompanyId: string): BatchOutcome {
  switch (step.step) {
    case 'connected':
      return step.companyId === targetCompanyId ? 'connected' : 'other_company';
    case 'cancelled':
      return 'skipped';
    default:
      return 'failed';
  }
}

function nextUntried(batch: ReconnectBatch, outcomes: Readonly<Record<string, BatchOutcome>>, from: number): number {
  let index = from;
  while (index < batch.targets.length && outcomes[batch.targets[index]?.companyId ?? ''] !== undefined) index += 1;
  return index;
}

function recordBatchOutcome(attempt: AttemptView): void {
  const { batch } = useConnectStore.getState();
  if (batch === null || batch.finished) return;
  const target = batch.targets[batch.index];
  if (target === undefined || attempt.targetCompanyId !== target.companyId) return;
  const outcome = outcomeOf(attempt.state, target.companyId);
  const outcomes: Record<string, BatchOutcome> = { ...batch.outcomes, [target.companyId]: outcome };
  const notes: Record<string, string> = { ...batch.notes };
  if (attempt.state.step === 'connected' && outcome === 'other_company') {
    const other = attempt.state;
    const alsoTarget = batch.targets.some((each) => each.companyId === other.companyId);
    // The company that came back is repaired too when it was itself waiting in this batch.
    if (alsoTarget) outcomes[other.companyId] = 'connected';
    notes[target.companyId] = `${other.companyName} came back instead and was ${other.recovered || alsoTarget ? 'reconnected' : 'added'}; ${target.companyName} still needs reconnecting`;
  }
  const finished = batch.stopped || nextUntried(batch, outcomes, batch.index + 1) >= batch.targets.length;
  useConnectStore.setState({ batch: { ...batch, outcomes, notes, finished } });
}

/** Moves the batch on to its next company; the window calls it from a click, so the browser may open a tab. */
export function continueReconnectAll(consentWindow: ConsentWindow | null): void {
  const { batch } = useConnectStore.getState();
  if (batch === null || batch.finished) {
    consentWindow?.close();
    return;
  }
  const index = nextUntried(batch, batch.outcomes, batch.index + 1);
  const next = batch.targets[index];
  if (next === undefined) {
    consentWindow?.close();
    useConnectStore.setState({ batch: { ...batch, finished: true } });
    return;
  }
  useConnectStore.setState({ batch: { ...batch, index } });
  void startConnect(next.environment, next.companyId, consentWindow);
}

export interface BatchTally {
  readonly reconnected: number;
  readonly notReconnected: number;
  readonly skipped: number;
  readonly notTried: number;
  readonly total: number;
}

/** Counts read from the outcomes themselves, so a summary can never claim more than happened. */
export function batchTally(batch: ReconnectBatch): BatchTally {
  let reconnected = 0;
  let notReconnected = 0;
  let skipped = 0;
  for (const target of batch.targets) {
    const outcome = batch.outcomes[target.companyId];
    if (outcome === 'connected') reconnected += 1;
    else if (outcome === 'failed' || outcome === 'other_company') notReconnected += 1;
    else if (outcome === 'skipped') skipped += 1;
  }
  return { reconnected, notReconnected, skipped, notTried: batch.targets.length - reconnected - notReconnected - skipped, total: batch.targets.length };
}
