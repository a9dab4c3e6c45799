import { explainCause } from '../diagnosis/causes';
import type { CallbackOutcome } from './connect-flow';
import type { ResultPage } from './result-page';

/** What the browser tab says after Intuit sends it back; every case in words a bookkeeper knows. */
export function resultPageFor(outcome: CallbackOutcome): ResultPage {
  if (outcome.kind === 'refused') {
    switch (outcome.reason) {
      case 'already_used': {
        const state = outcome.attempt?.state;
        if (state?.step === 'connected') {
          return { tone: 'success', title: `${state.companyName} is connected`, message: 'This page was already handled; nothing more was sent to Intuit.' };
        }
        return { tone: 'problem', title: 'This sign-in was already used', message: 'Each sign-in answer from Intuit works only once, so nothing more was sent to Intuit.' };
      }
      case 'expired':
        return { tone: 'problem', title: 'This sign-in has expired', message: 'Intuit allows 10 minutes to finish. Start connecting again in Realmkeeper.' };
      case 'cancelled':
        return { tone: 'problem', title: 'This sign-in was cancelled', message: 'It was cancelled in Realmkeeper. Start connecting again there.' };
      case 'unknown_state':
        return { tone: 'problem', title: 'Realmkeeper did not start this sign-in', message: 'This address did not come from a connection Realmkeeper started, so it was ignored.' };
      case 'malformed':
        return { tone: 'problem', title: 'This address is incomplete', message: 'The answer from Intuit was damaged or incomplete, so it was ignored. Start connecting again.' };
    }
  }
  const { state } = outcome.attempt;
  switch (state.step) {
    case 'connected':
      return {
        tone: 'success',
        title: state.recovered ? `${state.companyName} is connected again` : `${state.companyName} is connected`,
        message: 'Realmkeeper will keep this connection alive from now on.',
      };
    case 'realm_mismatch':
      return {
        tone: 'problem',
        title: `That was not ${state.expectedCompanyName}`,
        message: `You chose another company in the Intuit page. Nothing was saved; Realmkeeper asks you what to do with it.`,
      };
    case 'failed': {
      const explanation = explainCause(state.cause);
      return { tone: 'problem', title: 'The company was not connected', message: `${explanation.summary} ${explanation.fix}` };
    }
    case 'cancelled':
      return { tone: 'problem', title: 'Connection cancelled', message: 'Nothing was connected.' };
    case 'expired':
      return { tone: 'problem', title: 'This sign-in has expired', message: 'Intuit allows 10 minutes to finish. Start connecting again in Realmkeeper.' };
    case 'waiting_for_browser':
    case 'exchanging':
      return { tone: 'success', title: 'Finishing…', message: 'Realmkeeper is finishing the connection.' };
  }
}
