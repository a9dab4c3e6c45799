import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../main/simulator/index';
import { authorizationUrl, type SimulatorAdmin } from '../support/simulator-admin';
import { send } from './intuit-requests';
import { useSimulator } from './use-simulator';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;
const redirectUri = 'http://localhost:8765/callback';

useSimulator((started, client) => {
  simulator = started;
  admin = client;
});

function sandboxUrl(overrides: { redirectUri?: string; scope?: string; responseType?: string; clientId?: string } = {}): string {
  return authorizationUrl(simulator.url, {
    clientId: overrides.clientId ?? simulator.clients.sandbox.clientId,
    redirectUri: overrides.redirectUri ?? redirectUri,
    state: 'xyz 123',
    ...(overrides.scope === undefined ? {} : { scope: overrides.scope }),
    ...(overrides.responseType === undefined ? {} : { responseType: overrides.responseType }),
  });
}

/** Reads the consent form's fields the way a browser would submit them. */
function formFields(html: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.append(match[1] ?? '', (match[2] ?? '').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
  }
  return fields;
}

async function submit(fields: URLSearchParams): Promise<Awaited<ReturnType<typeof send>>> {
  return send(`${simulator.url}/connect/oauth2`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
}

describe('authorization endpoint and consent page', () => {
  it('lists the sandbox companies as labelled radio buttons with Connect and Cancel', async () => {
    const page = await send(sandboxUrl());
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const companies = await admin.companies('sandbox');
    expect(companies.length).toBeGreaterThanOrEqual(3);
    for (const [index, company] of companies.entries()) {
      expect(company.realmId).toMatch(/^9341\d{12}$/);
      expect(page.text).toContain(`<label for="company-${index}"><input type="radio" id="company-${index}" name="realmId" value="${company.realmId}" required>`);
    }
    expect(page.text).toContain('Larry&#39;s Bakery');
    expect(page.text).toMatch(/<button type="submit" name="decision" value="connect">Connect<\/button>/);
    expect(page.text).toMatch(/<button type="submit" name="decision" value="cancel" formnovalidate>Cancel<\/button>/);
    const production = await admin.companies('production');
    expect(production.every((company) => /^\d{19}$/.test(company.realmId))).toBe(true);
    expect(page.text).not.toContain(production[0]?.realmId ?? 'none');
  });

  it('redirects with code, state and realmId after Connect, and access_denied after Cancel', async () => {
    const page = await send(sandboxUrl());
    const realmId = (await admin.companies('sandbox'))[1]?.realmId ?? '';
    const fields = formFields(page.text);
    fields.set('realmId', realmId);
    fields.set('decision', 'connect');
    const connected = await submit(fields);
    expect(connected.status).toBe(302);
    const location = new URL(connected.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('code')).toMatch(/^AB1\d{10}[A-Za-z0-9]{37}$/);
    expect(location.searchParams.get('state')).toBe('xyz 123');
    expect(location.searchParams.get('realmId')).toBe(realmId);

    const cancelFields = formFields(page.text);
    cancelFields.set('decision', 'cancel');
    const cancelled = await submit(cancelFields);
    expect(cancelled.status).toBe(302);
    const cancelLocation = new URL(cancelled.headers.get('location') ?? '');
    expect([...cancelLocation.searchParams.entries()]).toEqual([
      ['error', 'access_denied'],
      ['state', 'xyz 123'],
    ]);
  });

  it('re-renders the page when Connect comes without a company', async () => {
    const page = await send(sandboxUrl());
    const fields = formFields(page.text);
    fields.set('decision', 'connect');
    const answer = await submit(fields);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(answer.text).toContain('Choose a company');
  });

  it('shows an error page and never redirects for an unknown client or an unregistered redirect URI', async () => {
    const unknownClient = await send(sandboxUrl({ clientId: 'AB' + 'x'.repeat(48) }));
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.headers.get('location')).toBeNull();
    for (const uri of ['http://localhost:8765/callback/', 'http://LOCALHOST:8765/callback', 'http://localhost:8767/callback', 'realmkeeper://oauth/callback']) {
      const answer = await send(sandboxUrl({ redirectUri: uri }));
      expect(answer.status, uri).toBe(400);
      expect(answer.headers.get('location'), uri).toBeNull();
      expect(answer.text).toContain('The redirect_uri query parameter value is invalid');
    }
    // The sandbox app's localhost URI is not registered for the production app.
    const crossEnvironment = await send(sandboxUrl({ clientId: simulator.clients.production.clientId }));
    expect(crossEnvironment.text).toContain('The redirect_uri query parameter value is invalid');
  });

  it('redirects with invalid_scope for unknown or missing scopes, and rejects other response types', async () => {
    for (const scope of ['com.intuit.quickbooks.accounting bogus', '', 'ACCOUNTING']) {
      const answer = await send(sandboxUrl({ scope }));
      expect(answer.status, scope).toBe(302);
      const location = new URL(answer.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.get('state')).toBe('xyz 123');
      expect(location.searchParams.get('code')).toBeNull();
    }
    const token = await send(sandboxUrl({ responseType: 'token' }));
    expect(new URL(token.headers.get('location') ?? '').searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('sends no realmId when neither accounting nor payment was asked', async () => {
    const result = await admin.connect({ authorizationUrl: sandboxUrl({ scope: 'openid email' }) });
    expect(result.realmId).toBeNull();
    expect(result.code).toHaveLength(50);
  });

  it('applies the same checks to admin consent as to the page', async () => {
    const badRedirect = await admin.consent({ authorizationUrl: sandboxUrl({ redirectUri: 'http://localhost:9999/callback' }), action: 'connect' });
    expect(badRedirect.kind).toBe('error_page');
    const cancel = await admin.consent({ authorizationUrl: sandboxUrl(), action: 'cancel' });
    expect(cancel).toEqual({ kind: 'redirect', redirectUrl: `${redirectUri}?error=access_denied&state=xyz+123` });
    await expect(admin.connect({ authorizationUrl: sandboxUrl(), realmId: '4620816365215477650' })).rejects.toThrow(/realmId must be one of/);
    const added = await admin.addCompany({ environment: 'sandbox', companyName: 'Pine Ridge Vet' });
    const page = await send(sandboxUrl());
    expect(page.text).toContain('Pine Ridge Vet');
    const connected = await admin.connect({ authorizationUrl: sandboxUrl(), realmId: added.realmId });
    expect(connected.realmId).toBe(added.realmId);
  });
});
