import { memo } from 'react';
import type { CompanySummary } from '../../../preload/contract/api-contract';
import { causeLabel } from '../format/cause-labels';
import { expiryHorizon, retryText } from '../format/company-text';
import { displayStatusOf, needsReconnect } from '../format/status-text';
import { startConnect } from '../stores/connect-store';
import { openCompany } from '../stores/navigation-store';
import { EnvironmentBadge, StatusBadge } from './badges';
import { consentWindowForClick } from './consent-for-click';
import { RelativeTime } from './relative-time';

/** What the row needs from the bookkeeper, in a few words (the group above says why and how). */
function nextStep(company: CompanySummary, now: number): string {
  if (needsReconnect(company)) return causeLabel(company.cause);
  const retry = retryText(company, now);
  if (retry !== null) return company.retryReason === 'outage' ? 'Intuit refusing for now; retrying' : 'No answer yet; retrying';
  return '';
}

const CompanyTableRow = memo(function CompanyTableRow({ company, now }: { readonly company: CompanySummary; readonly now: number }) {
  const status = displayStatusOf(company);
  const broken = needsReconnect(company);
  const expiry = expiryHorizon(company, now);
  return (
    <tr className={`row-${status}`} data-company-id={company.id} data-testid="company-row">
      <th scope="row">
        <button type="button" className="link-button" onClick={() => openCompany(company.id)}>
          {company.name}
        </button>{' '}
        <EnvironmentBadge environment={company.environment} />
      </th>
      <td>
        <StatusBadge status={status} />
      </td>
      <td>{nextStep(company, now)}</td>
      <td>{expiry === null ? '' : <span className={`expiry expiry-${expiry.tone}`} data-testid="expiry">{expiry.text}</span>}</td>
      <td className="small">
        {company.lastCheckedAt === null ? 'never' : <RelativeTime at={company.lastCheckedAt} now={now} prefix="checked " />}
        {company.lastFailureAt !== null && company.lastFailureAt === company.lastCheckedAt ? <span className="error-text"> (failed)</span> : null}
      </td>
      <td>
        {broken ? (
          <button type="button" className="primary" onClick={() => void startConnect(company.environment, company.id, consentWindowForClick())}>
            Reconnect
          </button>
        ) : null}
      </td>
    </tr>
  );
});

/** The compact view for a firm with 150+ clients: one line per company under column headers. */
export function CompanyTable({ companies, now }: { readonly companies: readonly CompanySummary[]; readonly now: number }) {
  return (
    <div className="table-scroll">
      <table className="company-table" aria-label="Companies">
        <thead>
          <tr>
            <th scope="col">Company</th>
            <th scope="col">Status</th>
            <th scope="col">Problem</th>
            <th scope="col">Expires</th>
            <th scope="col">Last check</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {companies.map((company) => (
            <CompanyTableRow key={company.id} company={company} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
