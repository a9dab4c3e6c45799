/**
 * Run in a child process by frozen-refresh.test.ts: sends one refresh to the given token endpoint
 * with the given timeout and prints the outcome as one JSON line.
 * Arguments: <token endpoint URL> <timeout in ms>.
 */
import { sendTokenRequest } from '../../../main/core/intuit/send-token-request';
import { buildRefreshRequest } from '../../../main/core/intuit/token-request';

const [tokenEndpoint = '', timeoutMs = '0'] = process.argv.slice(2);
const request = buildRefreshRequest(tokenEndpoint, { clientId: 'frozen-client', clientSecret: 'frozen-secret' }, 'RT1-sent-before-the-freeze');
const outcome = await sendTokenRequest(request, { timeoutMs: Number(timeoutMs) });
const summary =
  outcome.kind === 'issued'
    ? { kind: outcome.kind, refreshToken: outcome.tokens.refreshToken }
    : outcome.kind === 'transient'
      ? { kind: outcome.kind, reason: outcome.reason, detail: outcome.detail }
      : { kind: outcome.kind, error: outcome.error };
process.stdout.write(`${JSON.stringify(summary)}\n`);
