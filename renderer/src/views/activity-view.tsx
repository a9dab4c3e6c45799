import { useEffect, useMemo } from 'react';
import { EventTable } from '../components/event-table';
import { InvalidGrantChart } from '../components/invalid-grant-chart';
import { EmptyState, ErrorState, LoadingState } from '../components/state-panels';
import { useNow } from '../components/use-now';
import { loadActivity, loadMoreActivity, useActivityStore } from '../stores/activity-store';
import { useCompaniesStore } from '../stores/companies-store';

export function ActivityView() {
  const { load, error, events, nextCursor, summary } = useActivityStore();
  const companies = useCompaniesStore((state) => state.companies);
  const byId = useMemo(() => new Map(companies.map((company) => [company.id, company])), [companies]);
  const now = useNow();
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
      {events.length === 0 ? (
        <EmptyState title="No activity yet">
          <p>Connections, refreshes and problems appear here.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <EventTable events={events} now={now} companies={byId} />
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
