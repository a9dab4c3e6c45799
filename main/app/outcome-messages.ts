import { explainCause } from '../core/diagnosis/causes';
import type { ConnectionTestResult } from '../core/engine/test-connection';
import type { RefreshResult } from '../core/tokens/refresh-result';
import { missingCase } from './missing-case';

/** What a hand-run refresh or connection test answered, in the words the window shows. */
export function describeRefresh(name: string, result: RefreshResult): string {
  switch (result.kind) {
    case 'refreshed':
      return `${name} was refreshed.`;
    case 'already_fresh':
      return `${name} was already fresh.`;
    case 'needs_reconnect': {
      const explanation = explainCause(result.cause);
      return `${name} needs reconnecting. ${explanation.summary} ${explanation.fix}`;
    }
    case 'retrying':
      return `${name} could not be refreshed just now (${result.detail}); Realmkeeper will try again.`;
    case 'unknown_company':
      return `${name} is no longer connected.`;
    default:
      return missingCase(result);
  }
}

export function describeTest(result: ConnectionTestResult): string {
  switch (result.kind) {
    case 'ok':
      return `QuickBooks answered for ${result.companyName}.`;
    case 'token_unavailable':
      switch (result.result.kind) {
        case 'needs_reconnect':
          return `The company needs reconnecting. ${explainCause(result.result.cause).summary}`;
        case 'retrying':
          return `No fresh key could be had just now (${result.result.detail}); Realmkeeper will try again.`;
        case 'unknown_company':
          return 'The company is no longer connected.';
        default:
          return missingCase(result.result);
      }
    case 'api_refused':
      switch (result.outcome.kind) {
        case 'unauthorized':
          return 'QuickBooks did not accept the connection.';
        case 'forbidden':
          return 'QuickBooks refused access to this company (the user who connected it may have lost access).';
        case 'wrong_environment':
          return 'QuickBooks answered that this company belongs to the other environment.';
        case 'throttled':
          return `QuickBooks asked to slow down; try again in ${result.outcome.retryAfterSeconds} seconds.`;
        case 'unavailable':
          return `QuickBooks could not be reached (${result.outcome.detail}).`;
        default:
          return missingCase(result.outcome);
      }
    default:
      return missingCase(result);
  }
}
