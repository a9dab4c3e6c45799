import { useMemo } from 'react';
import type { CompanySummary } from '../../../preload/contract/api-contract';
import { causeGroups } from '../format/cause-groups';
import { expiryHorizon } from '../format/company-text';
import { formatAbsolute } from '../format/relative-time';

/**
 * What the printer gets instead of the page (the print stylesheet hides everything else): a
 * to-do list with a box to tick per company, grouped by what fixes it, then what expires soon.
 */
export function PrintTodo({ companies, now }: { readonly companies: readonly CompanySummary[]; readonly now: number }) {
  const groups = useMemo(() => causeGroups(companies), [companies]);
  const expiring = useMemo(
    () =>
      companies
        .map((company) => ({ company, horizon: expiryHorizon(company, now) }))
        .filter((entry): entry is { company: CompanySummary; horizon: NonNullable<ReturnType<typeof expiryHorizon>> } => entry.horizon !== null)
        .sort((left, right) => left.horizon.at - right.horizon.at),
    [companies, now],
  );
  const total = groups.reduce((sum, group) => sum + group.companies.length, 0) + expiring.length;
  return (
    <section className="print-todo" aria-hidden="true" data-testid="print-todo">
      <h2>Realmkeeper to-do list — {formatAbsolute(now)}</h2>
      {total === 0 ? <p>Nothing to do: every connection is alive.</p> : null}
      {groups.map((group) => (
        <div key={group.cause} className="print-group">
          <h3>{group.title}</h3>
          <p>
            <strong>Fix: </strong>
            {group.fix}
          </p>
          <ul>
            {group.companies.map((company) => (
              <li key={company.id}>
                ☐ Reconnect {company.name} <span className="small">({company.environment}, company number {company.realmId})</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {expiring.length === 0 ? null : (
        <div className="print-group">
          <h3>Expiring soon — keep Realmkeeper running, or reconnect</h3>
          <ul>
            {expiring.map(({ company, horizon }) => (
              <li key={company.id}>
                ☐ {company.name}: {horizon.text}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
