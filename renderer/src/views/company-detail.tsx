import { useEffect, useState, type ReactNode } from 'react';
import { EnvironmentBadge, StatusBadge } from '../components/badges';
import { consentWindowForClick } from '../components/consent-for-click';
import { Dialog } from '../components/dialog';
import { CompanyTimeline } from '../components/company-timeline';
import { WhoCanFix } from '../components/who-can-fix';
import { RelativeTime } from '../components/relative-time';
import { EmptyState, ErrorState, LoadingState } from '../components/state-panels';
import { useNow } from '../components/use-now';
import { expiryText, retryText } from '../format/company-text';
import { displayStatusOf, needsReconnect } from '../format/status-text';
import { loadCompanyHistory, useActivityStore } from '../stores/activity-store';
import { disconnectCompany, refreshCompany, testCompany, useCompaniesStore } from '../stores/companies-store';
import { startConnect } from '../stores/connect-store';
import { closeCompany } from '../stores/navigation-store';
import { dismissCompanyNotices } from '../stores/notices-store';

function Fact({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function CompanyDetail({ companyId }: { readonly companyId: string }) {
  const company = useCompaniesStore((state) => state.companies.find((each) => each.id === companyId));
  const busy = useCompaniesStore((state) => state.busy[companyId]);
  const result = useCompaniesStore((state) => state.results[companyId]);
  const { companyEvents, companyLoad } = useActivityStore();
  const [confirming, setConfirming] = useState(false);
  const [gone, setGone] = useState<string | null>(null);
  const now = useNow();

  useEffect(() => {
    void loadCompanyHistory(companyId);
    dismissCompanyNotices(companyId);
  }, [companyId]);

  if (gone !== null) {
    return (
      <Dialog title="Company disconnected" onClose={closeCompany}>
        <p role="status">{gone}</p>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={closeCompany}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  if (company === undefined) {
    return (
      <Dialog title="Company" onClose={closeCompany}>
        <ErrorState title="This company is no longer in the list" message="It may have been disconnected from another window or the command line." />
      </Dialog>
    );
  }
  const status = displayStatusOf(company);
  const broken = needsReconnect(company);
  return (
    <Dialog title={company.name} onClose={closeCompany} wide>
      <div className="detail-head">
        <StatusBadge status={status} />
        <EnvironmentBadge environment={company.environment} />
        <span className="muted small">QuickBooks company number {company.realmId}</span>
      </div>
      {broken ? (
        <div className="company-problem">
          <strong>Why: </strong>
          {company.causeSummary ?? 'Intuit no longer accepts this connection.'} <strong>Fix: </strong>
          {company.fix ?? 'Reconnect the company.'}
        </div>
      ) : null}
      {retryText(company, now) === null ? null : <div className="company-problem retry">{retryText(company, now)}</div>}
      <dl className="facts">
        <Fact label="Last checked">{company.lastCheckedAt === null ? 'Never' : <RelativeTime at={company.lastCheckedAt} now={now} />}</Fact>
        <Fact label="Last successful check">{company.lastSuccessAt === null ? 'Never' : <RelativeTime at={company.lastSuccessAt} now={now} />}</Fact>
        {company.lastFailureAt === null ? null : (
          <Fact label="Last failed check">
            <RelativeTime at={company.lastFailureAt} now={now} />
          </Fact>
        )}
        <Fact label="Last refreshed">{company.lastRefreshAt === null ? 'Never' : <RelativeTime at={company.lastRefreshAt} now={now} />}</Fact>
        <Fact label="Connection expires if unused">
          {company.refreshExpiresAt === null ? '—' : <RelativeTime at={company.refreshExpiresAt} now={now} />}
          {expiryText(company, now) === null ? null : <span className="warning-text small"> ({expiryText(company, now)})</span>}
        </Fact>
        <Fact label="Intuit's 5-year limit">{company.refreshHardExpiresAt === null ? '—' : <RelativeTime at={company.refreshHardExpiresAt} now={now} />}</Fact>
      </dl>
      <div className="detail-actions">
        {broken ? (
          <button type="button" className="primary" onClick={() => void startConnect(company.environment, company.id, consentWindowForClick())}>
            Reconnect
          </button>
        ) : null}
        <button type="button" disabled={busy !== undefined} onClick={() => void testCompany(company.id)}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" disabled={busy !== undefined} onClick={() => void refreshCompany(company.id)}>
          {busy === 'refresh' ? 'Refreshing…' : 'Refresh now'}
        </button>
        <button type="button" className="danger" disabled={busy !== undefined} onClick={() => setConfirming(true)}>
          Disconnect…
        </button>
      </div>
      {/* The line is always there, so the dialog does not jump when an answer arrives. */}
      <p className={result === undefined ? 'result detail-result' : result.ok ? 'result detail-result good-text' : 'result detail-result error-text'} role="status">
        {result?.message ?? ''}
      </p>
      <WhoCanFix key={`${company.fixer?.name ?? ''}|${company.fixer?.email ?? ''}`} company={company} />
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label={`Disconnect ${company.name}?`}>
          <p>
            <strong>Disconnect {company.name}?</strong> Realmkeeper will tell Intuit to disconnect and forget this company's keys. Its QuickBooks data is not touched.
            You can connect it again later.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
            <button
              type="button"
              className="danger"
              onClick={async () => {
                const answer = await disconnectCompany(company.id);
                setConfirming(false);
                if (answer.ok) setGone(answer.message);
              }}
            >
              {busy === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
            </button>
          </div>
        </div>
      ) : null}
      <h3>Timeline</h3>
      {companyLoad === 'loading' ? <LoadingState label="Reading the history…" /> : null}
      {companyLoad === 'error' ? <ErrorState title="The history could not be read" message="Try again in a moment." onRetry={() => void loadCompanyHistory(companyId)} /> : null}
      {companyLoad === 'ready' && companyEvents.length === 0 ? <EmptyState title="Nothing happened yet" /> : null}
      {companyLoad === 'ready' && companyEvents.length > 0 ? (
        <CompanyTimeline events={companyEvents} now={now} />
      ) : null}
    </Dialog>
  );
}
