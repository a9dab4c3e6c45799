import { useMemo, useState } from 'react';
import type { CompanySummary } from '../../../preload/contract/api-contract';
import { countByStatus, orderCompanies, type CompanySort, type StatusFilter } from '../format/company-order';
import { needsReconnect, statusLabels } from '../format/status-text';
import { companiesCount } from '../format/broken-summary';
import { CauseGroups } from '../components/cause-groups';
import { CompanyRow } from '../components/company-row';
import { CompanyTable, wholeListLimit } from '../components/company-table';
import { PrintTodo } from '../components/print-todo';
import { companiesCsv, csvFileName } from '../format/companies-csv';
import { consentWindowForClick } from '../components/consent-for-click';
import { EmptyState, ErrorState, LoadingState } from '../components/state-panels';
import { useNow } from '../components/use-now';
import { loadCompanies, setCompanyQuery, useCompaniesStore } from '../stores/companies-store';
import { openConnectDialog, startReconnectAll } from '../stores/connect-store';

const filters: ReadonlyArray<{ readonly value: StatusFilter; readonly label: string }> = [
  { value: 'all', label: 'All companies' },
  { value: 'attention', label: 'Needing attention' },
  { value: 'needs_reconnect', label: statusLabels.needs_reconnect },
  { value: 'retrying', label: statusLabels.retrying },
  { value: 'refreshing', label: statusLabels.refreshing },
  { value: 'connected', label: statusLabels.connected },
  { value: 'disconnected', label: statusLabels.disconnected },
];

const sorts: ReadonlyArray<{ readonly value: CompanySort; readonly label: string }> = [
  { value: 'attention', label: 'Needing attention first' },
  { value: 'name', label: 'Name' },
  { value: 'expiry', label: 'Expiring soonest' },
  { value: 'checked', label: 'Checked longest ago' },
];

type Layout = 'table' | 'cards';
const layoutKey = 'realmkeeper.layout';

/** The table suits a firm's long list; a few companies read better as cards. The choice is kept. */
function useLayout(count: number): [Layout, (layout: Layout) => void] {
  const [chosen, setChosen] = useState<Layout | null>(() => {
    const stored = window.localStorage.getItem(layoutKey);
    return stored === 'table' || stored === 'cards' ? stored : null;
  });
  const choose = (layout: Layout) => {
    window.localStorage.setItem(layoutKey, layout);
    setChosen(layout);
  };
  return [chosen ?? (count > 30 ? 'table' : 'cards'), choose];
}

/** Hands the CSV to the browser (or Electron) as a download; nothing is written by the window itself. */
function downloadCsv(companies: readonly CompanySummary[], now: number): void {
  const url = URL.createObjectURL(new Blob([companiesCsv(companies, now)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = csvFileName(now);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DashboardView() {
  const { load, error, companies, query } = useCompaniesStore();
  const now = useNow();
  const visible = useMemo(() => orderCompanies(companies, query, now), [companies, query, now]);
  const counts = useMemo(() => countByStatus(companies), [companies]);
  const broken = useMemo(() => companies.filter(needsReconnect), [companies]);
  const [chosenLayout, setLayout] = useLayout(companies.length);
  // Cards are drawn whole; a list longer than the table draws whole is shown as the windowed table.
  const cardsTooMany = visible.length > wholeListLimit;
  const layout = cardsTooMany ? 'table' : chosenLayout;

  if (load === 'loading' && companies.length === 0) return <LoadingState label="Reading your companies…" />;
  if (load === 'error' && companies.length === 0) return <ErrorState title="The company list could not be read" message={error ?? ''} onRetry={() => void loadCompanies()} />;
  if (companies.length === 0) {
    return (
      <EmptyState title="No companies yet">
        <p>Connect a client's QuickBooks company and Realmkeeper keeps its connection alive from then on.</p>
        <button type="button" className="primary" onClick={openConnectDialog}>
          Connect a company
        </button>
      </EmptyState>
    );
  }
  return (
    <section className="dashboard" aria-label="Companies">
      <div className="summary-line">
        <strong>{companiesCount(companies.length)}</strong>
        <span className="muted">
          {counts.connected + counts.refreshing} connected · {counts.retrying} retrying · {counts.needs_reconnect + counts.disconnected} need reconnecting
        </span>
        {/* Each cause group has its own Reconnect all; this one spans the groups. */}
        {broken.length > 1 && new Set(broken.map((company) => company.cause)).size > 1 ? (
          <button
            type="button"
            className="primary"
            onClick={() =>
              startReconnectAll(
                broken.map((company) => ({ companyId: company.id, companyName: company.name, environment: company.environment })),
                consentWindowForClick(),
              )
            }
          >
            Reconnect all {broken.length}
          </button>
        ) : null}
      </div>
      <CauseGroups companies={companies} />
      <div className="toolbar" role="search">
        <label>
          <span>Search</span>
          <input type="search" value={query.search} placeholder="Company name" onChange={(event) => setCompanyQuery({ search: event.target.value })} />
        </label>
        <label>
          <span>Show</span>
          <select value={query.status} onChange={(event) => setCompanyQuery({ status: event.target.value as StatusFilter })}>
            {filters.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Sort by</span>
          <select value={query.sort} onChange={(event) => setCompanyQuery({ sort: event.target.value as CompanySort })}>
            {sorts.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="toolbar list-actions">
        <div className="view-switch" role="group" aria-label="Layout">
          <button type="button" aria-pressed={layout === 'table'} onClick={() => setLayout('table')}>
            Table
          </button>
          <button
            type="button"
            aria-pressed={layout === 'cards'}
            disabled={cardsTooMany}
            title={cardsTooMany ? `Cards show up to ${wholeListLimit} companies; search or filter to see them as cards` : undefined}
            onClick={() => setLayout('cards')}
          >
            Cards
          </button>
        </div>
        <button type="button" onClick={() => downloadCsv(visible, now)}>
          Export CSV
        </button>
        <button type="button" onClick={() => window.print()}>
          Print to-do list
        </button>
      </div>
      {load === 'error' ? <p className="error-text" role="alert">Showing the last list read: {error}</p> : null}
      {visible.length === 0 ? (
        <EmptyState title="No company matches">
          <button type="button" onClick={() => setCompanyQuery({ search: '', status: 'all' })}>
            Show all companies
          </button>
        </EmptyState>
      ) : layout === 'table' ? (
        <CompanyTable companies={visible} now={now} />
      ) : (
        <ul className="company-list">
          {visible.map((company) => (
            <CompanyRow key={company.id} company={company} now={now} />
          ))}
        </ul>
      )}
      <PrintTodo companies={companies} now={now} />
    </section>
  );
}
