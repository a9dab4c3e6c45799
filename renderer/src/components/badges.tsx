import type { Environment } from '../../../preload/contract/api-contract';
import { environmentLabels, statusLabels, type DisplayStatus } from '../format/status-text';

const statusIcons: Readonly<Record<DisplayStatus, string>> = {
  connected: '●',
  refreshing: '↻',
  needs_reconnect: '!',
  retrying: '…',
  disconnected: '○',
};

/** Colour plus a symbol and a word, so the status reads without colour too. */
export function StatusBadge({ status }: { readonly status: DisplayStatus }) {
  return (
    <span className={`badge status status-${status}`}>
      <span aria-hidden="true" className="badge-icon">
        {statusIcons[status]}
      </span>
      {statusLabels[status]}
    </span>
  );
}

export function EnvironmentBadge({ environment }: { readonly environment: Environment }) {
  return <span className={`badge environment environment-${environment}`}>{environmentLabels[environment]}</span>;
}
