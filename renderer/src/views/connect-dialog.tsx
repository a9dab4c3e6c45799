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
  batchTally,
  cancelConnect,
  closeConnectDialog,
  continueReconnectAll,
  isTerminal,
  resolveMismatch,
  skipCurrent,
  startConnect,
  stopReconnectAll,
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
  return state.returnedCompanyName ?? `another company (number ${state.returnedRealmId})`;
}

function Mismatch({ state }: { readonly state: Extract<AttemptStep, { step: 'realm_mismatch' }> }) {
  const known = state.returnedCompanyId !== null;
  return (
    <div className="connect-state warning" data-step="realm_mismatch">
      <h3>A different company came back</h3>
      {known ? (
        <p>
          You chose <strong>{returnedName(state)}</strong>, which is already in your list, instead of <strong>{state.expectedCompanyName}</strong>.{' '}
          {state.expectedCompanyName} is not reconnected by this. Use the answer to renew {returnedName(state)}'s connection, or discard it?
        </p>
      ) : (
        <p>
          You chose <strong>{returnedName(state)}</strong> instead of <strong>{state.expectedCompanyName}</strong>. {state.expectedCompanyName} is not reconnected by
          this. Add the other company as a new one, or discard it?
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => void resolveMismatch('discard')}>
          Discard
        </button>
        <button type="button" className="primary" onClick={() => void resolveMismatch('add_other')}>
          {known ? `Renew ${returnedName(state)}` : 'Add it as a new company'}
        </button>
      </div>
    </div>
  );
}

function Waiting({ attempt, consentUrl, inBatch }: { readonly attempt: AttemptView; readonly consentUrl: string | null; readonly inBatch: boolean }) {
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
        {inBatch ? (
          <>
            <button type="button" onClick={() => void stopReconnectAll()}>
              Stop reconnecting
            </button>
            <button type="button" onClick={() => void skipCurrent()}>
              Skip this one
            </button>
          </>
        ) : (
          <button type="button" onClick={() => void cancelConnect()}>
            Cancel
          </button>
        )}
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
      return <Waiting attempt={attempt} consentUrl={consentUrl} inBatch={inBatch} />;
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
      return <Mismatch state={state} />;
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
      return inBatch ? (
        <div className="connect-state" data-step="cancelled">
          <h3>Skipped</h3>
        </div>
      ) : (
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

const outcomeWords = { connected: 'reconnected', failed: 'not reconnected', skipped: 'skipped', other_company: 'not reconnected' } as const;

/** The batch as it stands: every line and every count read from the outcomes, never assumed. */
function BatchProgress({ batch }: { readonly batch: ReconnectBatch }) {
  const tally = batchTally(batch);
  const current = batch.targets[batch.index];
  const handled = tally.total - tally.notTried;
  const parts = [
    `${tally.reconnected} of ${tally.total} reconnected`,
    tally.notReconnected > 0 ? `${tally.notReconnected} not reconnected` : null,
    tally.skipped > 0 ? `${tally.skipped} skipped` : null,
    batch.finished && tally.notTried > 0 ? `${tally.notTried} not tried` : null,
  ].filter((part): part is string => part !== null);
  return (
    <div className="batch" data-testid="batch-summary">
      <p className="batch-count">
        <strong>{parts.join(' · ')}</strong>
        {batch.finished || current === undefined ? null : <span className="muted"> · now: {current.companyName}</span>}
      </p>
      <progress max={tally.total} value={handled} aria-label="Companies handled" />
      <ol className="batch-list">
        {batch.targets.map((target) => {
          const outcome = batch.outcomes[target.companyId];
          const note = batch.notes[target.companyId];
          const words = outcome === undefined ? (batch.finished ? 'not tried' : 'waiting') : outcomeWords[outcome];
          return (
            <li key={target.companyId} className={outcome === undefined ? '' : `batch-${outcome}`} data-testid="batch-line">
              {target.companyName}
              <span className="muted small">
                {' '}
                — {words}
                {note === undefined ? '' : ` (${note})`}
              </span>
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
      {flow.phase === 'attempt' && !(batch !== null && batch.finished) ? <AttemptResult attempt={flow.attempt} consentUrl={flow.consentUrl} inBatch={batch !== null} /> : null}
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
