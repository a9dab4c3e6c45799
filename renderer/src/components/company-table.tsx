import { memo, useRef } from 'react';
import type { CompanySummary } from '../../../preload/contract/api-contract';
import { causeLabel } from '../format/cause-labels';
import { expiryHorizon, retryText } from '../format/company-text';
import { displayStatusOf, needsReconnect } from '../format/status-text';
import { startConnect } from '../stores/connect-store';
import { openCompany } from '../stores/navigation-store';
import { EnvironmentBadge, StatusBadge } from './badges';
import { consentWindowForClick } from './consent-for-click';
import { RelativeTime } from './relative-time';
import { useRowWindow } from './use-row-window';

/**
 * Up to this many rows the whole list is in the page (the browser's find sees every company);
 * a longer one is windowed: 5,000 companies drawn whole were 75,000 DOM nodes and seconds of
 * work on every change (npm run bench).
 */
export const wholeListLimit = 500;

/** What the row needs from the bookkeeper, in a few words (the group above says why and how). */
function nextStep(company: CompanySummary, now: number): string {
  if (needsReconnect(company)) return causeLabel(company.cause);
  const retry = retryText(company, now);
  if (retry !== null) return company.retryReason === 'outage' ? 'Intuit refusing for now; retrying' : 'No answer yet; retrying';
  return '';
}

const CompanyTableRow = memo(function CompanyTableRow({ company, now, rowIndex }: { readonly company: CompanySummary; readonly now: number; readonly rowIndex: number }) {
  const status = displayStatusOf(company);
  const broken = needsReconnect(company);
  const expiry = expiryHorizon(company, now);
  return (
    <tr className={`row-${status}`} data-company-id={company.id} data-testid="company-row" aria-rowindex={rowIndex} data-row-window="">
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

function Spacer({ height }: { readonly height: number }) {
  if (height <= 0) return null;
  return (
    <tr className="row-spacer" aria-hidden="true">
      <td colSpan={6} style={{ height }} />
    </tr>
  );
}

/**
 * The compact view for a firm with 150+ clients: one line per company under column headers.
 * Past `wholeListLimit` rows it scrolls in its own box and draws only the rows in view; the
 * table still says how many rows it has (aria-rowcount) and where each drawn one is (aria-rowindex).
 */
export function CompanyTable({ companies, now }: { readonly companies: readonly CompanySummary[]; readonly now: number }) {
  const windowed = companies.length > wholeListLimit;
  const box = useRef<HTMLDivElement>(null);
  const rows = useRowWindow(box, windowed ? companies.length : 0);
  const first = windowed ? rows.start : 0;
  const shown = windowed ? companies.slice(rows.start, rows.end) : companies;
  return (
    <div className={windowed ? 'table-scroll windowed' : 'table-scroll'} ref={box} onScroll={windowed ? rows.onScroll : undefined} data-testid="company-table-scroll">
      <table className={windowed ? 'company-table windowed' : 'company-table'} aria-label="Companies" aria-rowcount={companies.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
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
          {windowed ? <Spacer height={rows.spaceBefore} /> : null}
          {shown.map((company, offset) => (
            // Row 1 is the header.
            <CompanyTableRow key={company.id} company={company} now={now} rowIndex={first + offset + 2} />
          ))}
          {windowed ? <Spacer height={rows.spaceAfter} /> : null}
        </tbody>
      </table>
    </div>
  );
}
