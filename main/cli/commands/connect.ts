import { intuitEnvironments, type IntuitEnvironment } from '../../core/config/config-types';
import { explainCause } from '../../core/diagnosis/causes';
import { exitCodeForCause } from '../../core/errors/expected-error';
import type { AttemptSnapshot } from '../../core/oauth/connect-attempt';
import { printLine, type CliContext } from '../cli-context';
import { CliFailure, UsageError } from '../cli-failure';
import type { CommandDefinition, CommandInput } from '../command-definition';
import { exitCodes, type ExitCode } from '../exit-codes';
import { withEngine } from '../with-engine';

/**
 * After the callback, the browser follows the redirect to the result page on the same loopback
 * listener; closing at once would leave the bookkeeper's tab on a connection error.
 */
const resultPageLingerMs = 1_500;

export const connectCommand: CommandDefinition = {
  name: 'connect',
  synopsis: '--env sandbox|production [--no-browser] [--reconnect <company>]',
  summary: 'Connect a company: open Intuit in the browser and wait for the answer',
  options: {
    env: { type: 'string', description: 'sandbox or production', valueName: 'environment' },
    'no-browser': { type: 'boolean', description: 'print the address only; do not open a browser' },
    reconnect: { type: 'string', description: 'repair this company (realm id or name) instead of adding one', valueName: 'company' },
  },
  positionals: { minimum: 0, maximum: 0 },
  run: runConnect,
};

export async function runConnect(context: CliContext, input: CommandInput): Promise<ExitCode> {
  const environment = readEnvironment(input.values['env']);
  const reconnect = input.values['reconnect'];
  return withEngine(context, async (engine) => {
    const target = typeof reconnect === 'string' ? engine.findCompany(reconnect) : undefined;
    const started = await engine.connect({ environment, targetCompanyId: target?.id });
    const attemptId = started.attempt.attemptId;
    printLine(context.stdout, target === undefined ? `Open this address to connect a ${environment} company:` : `Open this address to reconnect ${target.name}:`);
    printLine(context.stdout, started.authorizationUrl);
    if (input.values['no-browser'] !== true) {
      const opened = await context.openBrowser(started.authorizationUrl);
      if (!opened) printLine(context.stderr, 'No browser could be opened here; open the address above yourself.');
    }
    if (engine.config[environment].redirectMode.value === 'custom-protocol') {
      // Intuit answers through the relay page to realmkeeper://, which the app receives; the
      // shared ledger lets the app finish an attempt this process started.
      printLine(context.stderr, 'The Realmkeeper app receives Intuit\'s answer (a realmkeeper:// link) and finishes connecting; keep it running. `realmkeeper status` shows the company once it is connected.');
      return exitCodes.ok;
    }
    printLine(context.stderr, 'Waiting for Intuit (up to 10 minutes; Ctrl+C to cancel)…');

    let interrupted = false;
    const stopListening = context.onInterrupt(() => {
      interrupted = true;
      engine.cancelAttempt(attemptId);
    });
    let attempt: AttemptSnapshot;
    try {
      attempt = await engine.waitForAttempt(attemptId);
      if (attempt.state.step === 'realm_mismatch') attempt = (await engine.resolveRealmMismatch(attemptId, 'discard')) ?? attempt;
    } finally {
      stopListening();
    }
    // Ctrl+C while Intuit is already answering cannot stop the exchange; report how it ended.
    if (interrupted && attempt.state.step === 'cancelled') throw new CliFailure(exitCodes.interrupted, 'Connect cancelled; nothing was stored.');
    if (attempt.state.step !== 'expired') await lingerForResultPage();
    return reportAttempt(context, attempt, target?.name);
  });
}

function readEnvironment(value: string | boolean | undefined): IntuitEnvironment {
  const environment = intuitEnvironments.find((name) => name === value);
  if (environment === undefined) {
    throw new UsageError(`connect needs --env sandbox or --env production${typeof value === 'string' ? ` (got "${value}")` : ''}.`);
  }
  return environment;
}

function reportAttempt(context: CliContext, attempt: AttemptSnapshot, targetName: string | undefined): ExitCode {
  const { state } = attempt;
  switch (state.step) {
    case 'connected':
      printLine(context.stdout, `${state.recovered ? 'Reconnected' : 'Connected'} ${state.companyName} (${attempt.environment}, realm ${realmOf(state.companyId)}).`);
      return exitCodes.ok;
    case 'failed':
      throw new CliFailure(exitCodeForCause(state.cause), `Not connected (${state.cause}): ${explainCause(state.cause).summary} ${explainCause(state.cause).fix}${state.detail === undefined ? '' : ` (${state.detail})`}`);
    case 'expired':
      throw new CliFailure(exitCodes.connectFailed, 'Not connected: the 10 minutes Intuit allows for signing in passed. Run the command again and finish in the browser sooner.');
    case 'cancelled':
      throw new CliFailure(exitCodes.connectFailed, `Not connected: Intuit returned another company than ${targetName ?? 'the one being reconnected'}, and nothing was stored. Sign in to that company on the Intuit page, or connect the other one without --reconnect.`);
    case 'realm_mismatch':
    case 'waiting_for_browser':
    case 'exchanging':
      throw new CliFailure(exitCodes.connectFailed, `Not connected: the attempt stopped at "${state.step}".`);
  }
}

/** Company ids are `<environment>-<realm id>`. */
function realmOf(companyId: string): string {
  return companyId.slice(companyId.indexOf('-') + 1);
}

function lingerForResultPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, resultPageLingerMs));
}
