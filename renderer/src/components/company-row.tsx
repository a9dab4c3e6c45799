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

/** One company on the dashboard: who, which environment, how it is, how old that knowledge is, and the fix. */
export const CompanyRow = memo(function CompanyRow({ company, now }: { readonly company: CompanySummary; readonly now: number }) {
  const status = displayStatusOf(company);
  const broken = needsReconnect(company);
  const expiry = expiryHorizon(company, now);
  const retry = retryText(company, now);
  return (
    <li className={`company-row row-${status}`} data-company-id={company.id} data-testid="company-row">
      <div className="company-name">
        <button type="button" className="link-button" onClick={() => openCompany(company.id)}>
          {company.name}
        </button>
        <EnvironmentBadge environment={company.environment} />
      </div>
      <div className="company-status">
        <StatusBadge status={status} />
        <span className="muted small">
          {company.lastCheckedAt === null ? 'never checked' : <RelativeTime at={company.lastCheckedAt} now={now} prefix="checked " />}
        </span>
      </div>
      <div className="company-times small">
        <span>
          {company.lastRefreshAt === null ? 'Never refreshed' : <RelativeTime at={company.lastRefreshAt} now={now} prefix="Last refreshed " />}
        </span>
        {expiry === null ? null : (
          <span className={`expiry expiry-${expiry.tone}`} data-testid="expiry">
            {expiry.text}
          </span>
        )}
      </div>
      <div className="company-actions">
        {broken ? (
          <button type="button" className="primary" onClick={() => void startConnect(company.environment, company.id, consentWindowForClick())}>
            Reconnect
          </button>
        ) : (
          <button type="button" onClick={() => openCompany(company.id)} aria-label={`Details for ${company.name}`}>
            Details
          </button>
        )}
      </div>
      {broken || retry !== null ? (
        <div className={broken ? 'company-problem' : 'company-problem retry'}>
          {broken ? (
            <>
              <strong>Why: </strong>
              {causeLabel(company.cause)}. <span className="muted">The fix is in its group above.</span>
            </>
          ) : (
            retry
          )}
        </div>
      ) : null}
    </li>
  );
});
