import { useEffect, useMemo, useState } from 'react';
import type { EventView } from '../../../preload/contract/api-contract';
import { EventTable } from '../components/event-table';
import { InvalidGrantChart } from '../components/invalid-grant-chart';
import { EmptyState, ErrorState, LoadingState } from '../components/state-panels';
import { useNow } from '../components/use-now';
import { loadActivity, loadMoreActivity, useActivityStore } from '../stores/activity-store';
import { useCompaniesStore } from '../stores/companies-store';

type ActivityFilter = 'all' | 'problems' | 'connections' | 'refreshes';

const activityFilters: ReadonlyArray<{ readonly value: ActivityFilter; readonly label: string }> = [
  { value: 'all', label: 'Everything' },
  { value: 'problems', label: 'Problems only' },
  { value: 'connections', label: 'Connections and reconnections' },
  { value: 'refreshes', label: 'Refreshes and tests' },
];

function matchesFilter(event: EventView, filter: ActivityFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'problems':
      return event.cause !== null || (event.outcome !== null && !['succeeded', 'connected'].includes(event.outcome));
    case 'connections':
      return event.kind.startsWith('company_') || event.kind === 'token_exchange';
    case 'refreshes':
      return event.kind === 'refresh' || event.kind === 'connection_test';
  }
}

export function ActivityView() {
  const { load, error, events, nextCursor, summary } = useActivityStore();
  const companies = useCompaniesStore((state) => state.companies);
  const byId = useMemo(() => new Map(companies.map((company) => [company.id, company])), [companies]);
  const now = useNow();
  const [filter, setFilter] = useState<ActivityFilter>('all');
  const [companySearch, setCompanySearch] = useState('');
  const shown = useMemo(() => {
    const needle = companySearch.trim().toLocaleLowerCase();
    return events.filter(
      (event) => matchesFilter(event, filter) && (needle === '' || (event.companyId !== null && (byId.get(event.companyId)?.name.toLocaleLowerCase().includes(needle) ?? false))),
    );
  }, [events, filter, companySearch, byId]);
  useEffect(() => {
    void loadActivity();
  }, []);
  if (load === 'loading' && events.length === 0) return <LoadingState label="Reading the activity…" />;
  if (load === 'error') return <ErrorState title="The activity could not be read" message={error ?? ''} onRetry={() => void loadActivity()} />;
  const total = summary?.companiesLost ?? 0;
  return (
    <section className="activity" aria-label="Activity">
      <div className="card">
        <h3>Lost connections in the last {summary?.days ?? 30} days: {total}</h3>
        <p className="muted small">Companies whose connection Intuit refused, each counted once, by cause.</p>
        <InvalidGrantChart bars={summary?.invalidGrantsByCause ?? []} days={summary?.days ?? 30} />
      </div>
      <h3>Everything that happened</h3>
      <div className="toolbar" role="search">
        <label>
          <span>Show</span>
          <select value={filter} onChange={(event) => setFilter(event.target.value as ActivityFilter)}>
            {activityFilters.map((each) => (
              <option key={each.value} value={each.value}>
                {each.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Company</span>
          <input type="search" value={companySearch} placeholder="Company name" onChange={(event) => setCompanySearch(event.target.value)} />
        </label>
      </div>
      {events.length === 0 ? (
        <EmptyState title="No activity yet">
          <p>Connections, refreshes and problems appear here.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <EventTable events={shown} now={now} companies={byId} />
        </div>
      )}
      {nextCursor === null ? null : (
        <button type="button" onClick={() => void loadMoreActivity()}>
          Show older
        </button>
      )}
    </section>
  );
}
