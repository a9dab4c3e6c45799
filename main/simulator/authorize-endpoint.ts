import type { IncomingMessage, ServerResponse } from 'node:http';
import { missingCaseError } from './assert';
import { completeConsent, evaluateAuthorizationRequest } from './authorization';
import { renderConsentPage, renderErrorPage } from './consent-page';
import { mediaType, readBody, sendHtml, sendRedirect, singleParameter } from './http-helpers';
import type { SimulatorState } from './simulator-state';

export function handleAuthorizationPage(state: SimulatorState, url: URL, response: ServerResponse): void {
  const evaluation = evaluateAuthorizationRequest(state, url.searchParams);
  switch (evaluation.kind) {
    case 'error_page':
      sendHtml(response, 400, renderErrorPage(evaluation.message));
      return;
    case 'redirect':
      sendRedirect(response, evaluation.redirectUrl);
      return;
    case 'consent':
      sendHtml(response, 200, renderConsentPage(evaluation.request, null));
      return;
    default:
      throw missingCaseError(evaluation);
  }
}

/** The consent form posts back here; every check of the GET runs again on the posted values. */
export async function handleConsentSubmission(state: SimulatorState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if (body.kind === 'aborted') {
    return;
  }
  if (body.kind === 'too_large' || mediaType(request) !== 'application/x-www-form-urlencoded') {
    sendHtml(response, body.kind === 'too_large' ? 413 : 400, renderErrorPage('The request could not be read.'));
    return;
  }
  const form = new URLSearchParams(body.body.toString('utf8'));
  const evaluation = evaluateAuthorizationRequest(state, form);
  switch (evaluation.kind) {
    case 'error_page':
      sendHtml(response, 400, renderErrorPage(evaluation.message));
      return;
    case 'redirect':
      sendRedirect(response, evaluation.redirectUrl);
      return;
    case 'consent':
      break;
    default:
      throw missingCaseError(evaluation);
  }
  const decision = singleParameter(form, 'decision');
  if (decision !== 'connect' && decision !== 'cancel') {
    sendHtml(response, 400, renderConsentPage(evaluation.request, 'Choose Connect or Cancel.'));
    return;
  }
  const outcome = completeConsent(
    state,
    evaluation.request,
    decision === 'cancel' ? { action: 'cancel' } : { action: 'connect', realmId: singleParameter(form, 'realmId') },
  );
  switch (outcome.kind) {
    case 'redirect':
      sendRedirect(response, outcome.redirectUrl);
      return;
    case 'choose_company':
      sendHtml(response, 400, renderConsentPage(evaluation.request, outcome.message));
      return;
    default:
      throw missingCaseError(outcome);
  }
}
