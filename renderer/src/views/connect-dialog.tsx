import { useEffect } from 'react';
import type { AttemptStep, AttemptView, Environment } from '../../../preload/contract/api-contract';
import { openConsentWindow } from '../api/consent-window';
import { getApi } from '../api/current-api';
import { Dialog } from '../components/dialog';
import { consentWindowForClick } from '../components/consent-for-click';
import { RelativeTime } from '../components/relative-time';
import { useNow } from '../components/use-now';
import { environmentLabels } from '../format/status-text';
import { useCompaniesStore } from '../stores/companies-store';
import {
  batchDoneCount,
  cancelConnect,
  closeConnectDialog,
  continueReconnectAll,
  isTerminal,
  resolveMismatch,
  startConnect,
  useConnectStore,
  type ReconnectBatch,
} from '../stores/connect-store';
import { enabledEnvironments, useSettingsStore } from '../stores/settings-store';

const environmentHints: Readonly<Record<Environment, string>> = {
  sandbox: "Intuit's test companies",
  production: "Your clients' real books",
};

function ChooseEnvironment({ target }: { readonly target: string | null }) {
  const settings = useSettingsStore((state) => state.settings);
  const environments = enabledEnvironments(settings);
  if (environments.length === 0) {
    return <p>Intuit keys are not set up yet. Add them in Settings first.</p>;
  }
  return (
    <>
      <p>
        Realmkeeper opens Intuit's sign-in page in your browser. Sign in, choose the company, and click <strong>Connect</strong>. Then come back here.
      </p>
      <div className="choice-row">
        {environments.map((environment) => (
          <button key={environment} type="button" className="primary choice" onClick={() => void startConnect(environment, target, consentWindowForClick())}>
            {environments.length > 1 ? `Connect a ${environmentLabels[environment]} company` : 'Open Intuit sign-in'}
            {environments.length > 1 ? <span className="choice-hint">{environmentHints[environment]}</span> : null}
          </button>
        ))}
      </div>
    </>
  );
}

function returnedName(state: Extract<AttemptStep, { step: 'realm_mismatch' }>): string {
  const name = (state as { returnedCompanyName?: unknown }).returnedCompanyName;
  return typeof name === 'string' && name !== '' ? name : `another company (number ${state.returnedRealmId})`;
}

function Waiting({ attempt, consentUrl }: { readonly attempt: AttemptView; readonly consentUrl: string | null }) {
  const now = useNow(5_000);
  const target = useCompaniesStore((state) => state.companies.find((company) => company.id === attempt.targetCompanyId));
  return (
    <div className="connect-state" data-step="waiting">
      <svg className="big-icon" aria-hidden="true" width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <rect x="3" y="4" width="18" height="16" rx="2" />
        <path d="M3 8h18M10 14h6M13 11l3 3-3 3" />
      </svg>
      <h3>Finish in your browser</h3>
      <p>
        {target === undefined
          ? `Intuit's page is open in your browser. Sign in, choose the ${environmentLabels[attempt.environment]} company to connect, and click Connect.`
          : `Intuit's page is open in your browser. Sign in and choose ${target.name}, then click Connect.`}
      </p>
      <p className="muted small">
        This sign-in expires <RelativeTime at={attempt.expiresAt} now={now} />.
        {consentUrl === null ? null : (
          <>
            {' '}
            Not seeing it?{' '}
            <a href={consentUrl} target="_blank" rel="noopener noreferrer">
              Open Intuit's page again
            </a>
            .
          </>
        )}
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={() => void cancelConnect()}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function AttemptResult({ attempt, consentUrl, inBatch }: { readonly attempt: AttemptView; readonly consentUrl: string | null; readonly inBatch: boolean }) {
  const state = attempt.state;
  const again = () => void startConnect(attempt.environment, attempt.targetCompanyId, consentWindowForClick());
  const done = inBatch ? null : (
    <div className="dialog-actions">
      <button type="button" className="primary" onClick={closeConnectDialog}>
        Done
      </button>
    </div>
  );
  switch (state.step) {
    case 'waiting_for_browser':
      return <Waiting attempt={attempt} consentUrl={consentUrl} />;
    case 'exchanging':
      return (
        <div className="connect-state" data-step="exchanging">
          <span className="spinner" aria-hidden="true" />
          <h3>Saving the connection…</h3>
          <p>Intuit sent the company back. Realmkeeper is storing its keys in the system keychain.</p>
        </div>
      );
    case 'connected':
      return (
        <div className="connect-state good" data-step="connected">
          <div className="big-icon" aria-hidden="true">
            ✓
          </div>
          <h3>{state.recovered ? `${state.companyName} is connected again` : `${state.companyName} is connected`}</h3>
          <p>Realmkeeper keeps this connection alive from now on. You can close the browser tab.</p>
          {done}
        </div>
      );
    case 'realm_mismatch':
      return (
        <div className="connect-state warning" data-step="realm_mismatch">
          <h3>A different company came back</h3>
          <p>
            You chose <strong>{returnedName(state)}</strong> instead of <strong>{state.expectedCompanyName}</strong>. Add it as a new company, or discard it
            and try {state.expectedCompanyName} again?
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => void resolveMismatch('discard')}>
              Discard
            </button>
            <button type="button" className="primary" onClick={() => void resolveMismatch('add_other')}>
              Add it as a new company
            </button>
          </div>
        </div>
      );
    case 'failed':
      return (
        <div className="connect-state problem" data-step="failed">
          <h3>The company was not connected</h3>
          <p>{state.summary}</p>
          <p>
            <strong>What to do: </strong>
            {state.fix}
          </p>
          <div className="dialog-actions">
            {inBatch ? null : (
              <button type="button" onClick={closeConnectDialog}>
                Close
              </button>
            )}
            <button type="button" className="primary" onClick={again}>
              Start again
            </button>
          </div>
        </div>
      );
    case 'cancelled':
      return (
        <div className="connect-state" data-step="cancelled">
          <h3>Connecting was cancelled</h3>
          <p>Nothing was stored. You can start again whenever you like.</p>
          {done}
        </div>
      );
    case 'expired':
      return (
        <div className="connect-state problem" data-step="expired">
          <h3>The sign-in took too long</h3>
          <p>Intuit allows 10 minutes to finish in the browser. Start again and finish within 10 minutes.</p>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={again}>
              Start again
            </button>
          </div>
        </div>
      );
  }
}

function BatchProgress({ batch }: { readonly batch: ReconnectBatch }) {
  const done = batchDoneCount(batch);
  const current = batch.targets[batch.index];
  return (
    <div className="batch">
      <p className="batch-count">
        <strong>
          {done} of {batch.targets.length} done
        </strong>
        {batch.finished || current === undefined ? null : <span className="muted"> · now: {current.companyName}</span>}
      </p>
      <progress max={batch.targets.length} value={done} aria-label="Companies reconnected" />
      <ol className="batch-list">
        {batch.targets.map((target) => {
          const outcome = batch.outcomes[target.companyId];
          return (
            <li key={target.companyId} className={outcome === undefined ? '' : `batch-${outcome}`}>
              {target.companyName}
              <span className="muted small"> — {outcome === 'connected' ? 'reconnected' : outcome === 'failed' ? 'not reconnected' : outcome === 'skipped' ? 'skipped' : 'waiting'}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Moves a reconnect-all batch on by itself once the current company's result has been seen. */
function useBatchAdvance(batch: ReconnectBatch | null, attemptTerminal: boolean): void {
  useEffect(() => {
    if (batch === null || batch.finished || !attemptTerminal) return;
    const timer = setTimeout(() => continueReconnectAll(getApi().shell === 'browser' ? openConsentWindow(window) : null), 1_500);
    return () => clearTimeout(timer);
  }, [batch, attemptTerminal]);
}

export function ConnectDialog() {
  const { flow, batch } = useConnectStore();
  const attemptTerminal = flow.phase === 'attempt' && isTerminal(flow.attempt.state);
  useBatchAdvance(batch, attemptTerminal);
  if (flow.phase === 'closed') return null;
  const title = batch !== null ? 'Reconnect companies' : flow.phase === 'attempt' && flow.attempt.targetCompanyId !== null ? 'Reconnect a company' : 'Connect a company';
  return (
    <Dialog title={title} onClose={closeConnectDialog}>
      {batch === null ? null : <BatchProgress batch={batch} />}
      {flow.phase === 'choosing' ? <ChooseEnvironment target={null} /> : null}
      {flow.phase === 'starting' ? (
        <div className="connect-state">
          <span className="spinner" aria-hidden="true" />
          <h3>Opening Intuit's page in your browser…</h3>
        </div>
      ) : null}
      {flow.phase === 'attempt' ? <AttemptResult attempt={flow.attempt} consentUrl={flow.consentUrl} inBatch={batch !== null && !batch.finished} /> : null}
      {flow.phase === 'error' ? (
        <div className="connect-state problem" role="alert">
          <h3>Connecting could not start</h3>
          <p>{flow.message}</p>
        </div>
      ) : null}
      {batch !== null && batch.finished ? (
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={closeConnectDialog}>
            Done
          </button>
        </div>
      ) : null}
    </Dialog>
  );
}
