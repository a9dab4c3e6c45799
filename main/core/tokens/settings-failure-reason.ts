import { isDiscoveryError } from '../discovery/discovery-error';
import type { RetryReason } from './refresh-result';

/**
 * Why the endpoint and keys for a refresh could not be resolved. The discovery document is
 * refetched hourly, so when the machine is offline the first thing to fail is discovery, not
 * the token request: that is a network problem, never a configuration one.
 */
export function settingsFailureReason(error: unknown): RetryReason {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if (isDiscoveryError(current)) {
      if (current.code === 'discovery_unreachable') return 'network';
      if (current.code === 'discovery_http_error' && current.status === 429) return 'throttled';
      if (current.code === 'discovery_http_error' && (current.status ?? 0) >= 500) return 'intuit_error';
      return 'configuration';
    }
    current = current.cause;
  }
  return 'configuration';
}
