import { useMemo } from 'react';
import type { CompanySummary } from '../../../preload/contract/api-contract';
import { causeGroups } from '../format/cause-groups';
import { namesLine } from '../format/broken-summary';
import { setCompanyQuery } from '../stores/companies-store';
import { startConnect, startReconnectAll } from '../stores/connect-store';
import { consentWindowForClick } from './consent-for-click';

function reconnectGroup(companies: readonly CompanySummary[]): void {
  const [only] = companies;
  if (companies.length === 1 && only !== undefined) {
    void startConnect(only.environment, only.id, consentWindowForClick());
    return;
  }
  startReconnectAll(
    companies.map((company) => ({ companyId: company.id, companyName: company.name, environment: company.environment })),
    consentWindowForClick(),
  );
}

/** The broken companies by what fixes them: the Why and the Fix once per group, and its own Reconnect all. */
export function CauseGroups({ companies }: { readonly companies: readonly CompanySummary[] }) {
  const groups = useMemo(() => causeGroups(companies), [companies]);
  if (groups.length === 0) return null;
  return (
    <section className="cause-groups" aria-label="Companies to reconnect, by cause">
      {groups.map((group) => (
        <article key={group.cause} className="cause-group" data-testid="cause-group" data-cause={group.cause}>
          <header>
            <h3>{group.title}</h3>
            <button type="button" className="primary" onClick={() => reconnectGroup(group.companies)}>
              {group.companies.length === 1 ? 'Reconnect' : `Reconnect all ${group.companies.length}`}
            </button>
          </header>
          <p>
            <strong>Why: </strong>
            {group.summary} <strong>Fix: </strong>
            {group.fix}
          </p>
          <p className="muted small">
            {namesLine(group.companies, 8)}{' '}
            {group.companies.length > 1 ? (
              <button type="button" className="link-button" onClick={() => setCompanyQuery({ status: 'needs_reconnect', search: '' })}>
                Show them
              </button>
            ) : null}
          </p>
        </article>
      ))}
    </section>
  );
}
