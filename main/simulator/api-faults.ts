import { escapeHtml } from './http-helpers';
import type { SimulatorSettings } from './settings';

export interface ApiFault {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly detail: string | null;
  readonly type: string;
}

/** QBO's `time` values are Pacific (-07:00), e.g. `2015-07-10T09:38:58.155-07:00`. */
export function intuitTime(nowMs: number): string {
  return new Date(nowMs - 7 * 3600 * 1000).toISOString().replace('Z', '-07:00');
}

export function authenticationFault(detail: string | null): ApiFault {
  return { status: 401, code: '3200', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail, type: 'AUTHENTICATION' };
}

export function authorizationFault(): ApiFault {
  return { status: 403, code: '3100', message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403', detail: null, type: 'SERVICE' };
}

export function throttleFault(): ApiFault {
  return {
    status: 429,
    code: '3001',
    message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    detail: 'The request limit was reached.  Try again later',
    type: 'SERVICE',
  };
}

export function wrongEnvironmentFault(): ApiFault {
  const reason =
    'Subscription for company has lapsed or Invalid destination URL is used. Sandbox company works with Sandbox URL and Production company works with Production URL.';
  return { status: 400, code: '7001', message: `message=${reason}; errorCode=007001; statusCode=400`, detail: reason, type: 'SERVICE' };
}

export function objectNotFoundFault(): ApiFault {
  return { status: 400, code: '610', message: 'message=Object Not Found; errorCode=000610; statusCode=400', detail: 'Object Not Found : Something you\'re trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.', type: 'ValidationFault' };
}

export function serverFault(status: number): ApiFault {
  return {
    status,
    code: '10000',
    message: `message=An application error has occurred while processing your request; errorCode=010000; statusCode=${status}`,
    detail: null,
    type: 'SystemFault',
  };
}

/** The 401 body really is lowercase and wrapped in these siblings; `time` is epoch milliseconds. */
function authenticationBody(fault: ApiFault, nowMs: number): Record<string, unknown> {
  return {
    warnings: null,
    intuitObject: null,
    fault: { error: [{ message: fault.message, detail: fault.detail, code: fault.code, element: null }], type: fault.type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}

export function faultJson(fault: ApiFault, settings: SimulatorSettings, nowMs: number): Record<string, unknown> {
  if (fault.status === 401) {
    return authenticationBody(fault, nowMs);
  }
  if (settings.apiFaultKeys === 'pascal') {
    return {
      Fault: { Error: [{ Message: fault.message, Detail: fault.detail, code: fault.code, element: '' }], type: fault.type },
      time: intuitTime(nowMs),
    };
  }
  return {
    fault: { error: [{ message: fault.message, detail: fault.detail, code: fault.code, element: null }], type: fault.type },
    time: intuitTime(nowMs),
  };
}

export function faultXml(fault: ApiFault, nowMs: number): string {
  const detail = fault.detail === null ? '' : `<Detail>${escapeHtml(fault.detail)}</Detail>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${intuitTime(nowMs)}"><Fault type="${escapeHtml(fault.type)}"><Error code="${escapeHtml(fault.code)}"><Message>${escapeHtml(fault.message)}</Message>${detail}</Error></Fault></IntuitResponse>`;
}
