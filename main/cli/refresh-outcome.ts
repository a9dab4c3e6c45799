import { explainCause } from '../core/diagnosis/causes';
import type { AccessTokenResult, RefreshResult, RetryReason } from '../core/tokens/refresh-result';
import { exitCodes, type ExitCode } from './exit-codes';
import { relativeTime } from './format/relative-time';

export interface Outcome {
  readonly exitCode: ExitCode;
  readonly message: string;
}

/** What a refresh (or a failed token request) means to the bookkeeper, and the exit code for it. */
export function refreshOutcome(companyName: string, result: RefreshResult | Exclude<AccessTokenResult, { kind: 'token' }>, now: number): Outcome {
  switch (result.kind) {
    case 'refreshed':
      return { exitCode: exitCodes.ok, message: `Refreshed ${companyName}: access token valid ${relativeTime(result.accessExpiresAt, now)}, refresh token ${relativeTime(result.refreshExpiresAt, now)}.` };
    case 'already_fresh':
      return { exitCode: exitCodes.ok, message: `${companyName} was refreshed by another Realmkeeper process a moment ago: access token valid ${relativeTime(result.accessExpiresAt, now)}.` };
    case 'needs_reconnect': {
      const explanation = explainCause(result.cause);
      return { exitCode: exitCodes.company, message: `${companyName} needs reconnecting (${result.cause}): ${explanation.summary} Fix: ${explanation.fix}` };
    }
    case 'retrying':
      return { exitCode: retryExitCode(result.reason), message: `${companyName} could not be refreshed now (${result.reason}): ${sentence(result.detail)} Realmkeeper tries again ${relativeTime(result.retryAt, now)}.` };
    case 'unknown_company':
      return { exitCode: exitCodes.company, message: `${companyName} is no longer connected here. \`realmkeeper status\` lists the companies.` };
  }
}

function retryExitCode(reason: RetryReason): ExitCode {
  switch (reason) {
    case 'configuration':
      return exitCodes.configuration;
    case 'keychain':
      return exitCodes.keychain;
    case 'database':
      return exitCodes.database;
    case 'busy':
      return exitCodes.failure;
    case 'network':
    case 'intuit_error':
    case 'throttled':
    case 'outage':
      return exitCodes.unreachable;
  }
}

/** Details come with and without a closing full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
