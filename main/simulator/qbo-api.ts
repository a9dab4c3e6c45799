import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  authenticationFault,
  authorizationFault,
  faultJson,
  faultXml,
  intuitTime,
  objectNotFoundFault,
  serverFault,
  throttleFault,
  wrongEnvironmentFault,
} from './api-faults';
import type { ApiFault } from './api-faults';
import type { Company } from './companies';
import type { Environment } from './environment';
import { checkAccessToken } from './grants';
import { bearerToken, escapeHtml, sendJson, sendText } from './http-helpers';
import { accountingScope } from './scopes';
import type { SimulatorState } from './simulator-state';

const companyInfoPattern = /^\/v3\/company\/([^/]+)\/companyinfo\/([^/]+)$/;

/** QBO answers XML unless the client asks for JSON. */
function wantsJson(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').toLowerCase().includes('application/json');
}

function sendFault(state: SimulatorState, request: IncomingMessage, response: ServerResponse, fault: ApiFault): void {
  const nowMs = state.clock.nowMs();
  const headers: Record<string, string> =
    fault.status === 401 ? { 'www-authenticate': 'Bearer realm="Intuit", error="invalid_token"' } : fault.status === 429 ? { 'retry-after': '60' } : {};
  if (wantsJson(request)) {
    sendJson(response, fault.status, faultJson(fault, state.settings, nowMs), headers);
  } else {
    sendText(response, fault.status, 'application/xml;charset=UTF-8', faultXml(fault, nowMs), headers);
  }
}

function companyInfoJson(company: Company): Record<string, unknown> {
  return {
    CompanyName: company.companyName,
    LegalName: company.legalName,
    CompanyAddr: {
      Id: '1',
      Line1: company.addressLine,
      City: company.city,
      Country: company.country,
      CountrySubDivisionCode: company.region,
      PostalCode: company.postalCode,
    },
    CustomerCommunicationAddr: { Id: '1', Line1: company.addressLine, City: company.city, CountrySubDivisionCode: company.region, PostalCode: company.postalCode },
    LegalAddr: { Id: '1', Line1: company.addressLine, City: company.city, CountrySubDivisionCode: company.region, PostalCode: company.postalCode },
    PrimaryPhone: { FreeFormNumber: company.phone },
    CompanyStartDate: company.companyStartDate,
    FiscalYearStartMonth: 'January',
    Country: company.country,
    Email: { Address: company.email },
    WebAddr: {},
    SupportedLanguages: 'en',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'IndustryType', Value: 'Bakeries' },
      { Name: 'SubscriptionStatus', Value: 'PAID' },
      { Name: 'OfferingSku', Value: company.offeringSku },
    ],
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '4',
    MetaData: { CreateTime: `${company.companyStartDate}T13:55:54-07:00`, LastUpdatedTime: '2015-07-06T08:51:50-07:00' },
  };
}

function element(name: string, value: string): string {
  return `<${name}>${escapeHtml(value)}</${name}>`;
}

function companyInfoXml(company: Company, nowMs: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${intuitTime(nowMs)}"><CompanyInfo domain="QBO" sparse="false">${element('Id', '1')}${element('SyncToken', '4')}${element('CompanyName', company.companyName)}${element('LegalName', company.legalName)}${element('Country', company.country)}${element('FiscalYearStartMonth', 'January')}</CompanyInfo></IntuitResponse>`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `GET <base>/v3/company/{realmId}/companyinfo/{realmId}` on the base of `environment`. */
export function handleApiRequest(state: SimulatorState, environment: Environment, path: string, request: IncomingMessage, response: ServerResponse): void {
  const match = companyInfoPattern.exec(path);
  if (match === null || request.method !== 'GET') {
    sendJson(response, 404, { error: 'not_found', message: 'The simulator serves only GET /v3/company/{realmId}/companyinfo/{realmId}' });
    return;
  }
  const injected = state.faults.takeFailure('api');
  if (injected !== null) {
    sendFault(state, request, response, injected.status === 429 ? throttleFault() : serverFault(injected.status));
    return;
  }
  const check = checkAccessToken(state, bearerToken(request));
  if (check.kind === 'invalid') {
    const detail = check.expiredAtMs === null ? null : `Token expired: ${intuitTime(check.expiredAtMs)}`;
    sendFault(state, request, response, authenticationFault(detail));
    return;
  }
  const realmId = decodeSegment(match[1] ?? '');
  const companyId = decodeSegment(match[2] ?? '');
  const company = state.companies.find(realmId);
  if (check.connection.environment !== environment || (company !== undefined && company.environment !== environment)) {
    sendFault(state, request, response, wrongEnvironmentFault());
    return;
  }
  if (company === undefined || check.connection.realmId !== realmId || !check.connection.scopes.includes(accountingScope)) {
    sendFault(state, request, response, authorizationFault());
    return;
  }
  if (companyId !== realmId) {
    sendFault(state, request, response, objectNotFoundFault());
    return;
  }
  const nowMs = state.clock.nowMs();
  if (wantsJson(request)) {
    sendJson(response, 200, { CompanyInfo: companyInfoJson(company), time: intuitTime(nowMs) });
  } else {
    sendText(response, 200, 'application/xml;charset=UTF-8', companyInfoXml(company, nowMs));
  }
}
