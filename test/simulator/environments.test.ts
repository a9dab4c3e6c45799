import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../main/simulator/index';
import type { SimulatorAdmin } from '../support/simulator-admin';
import { companyInfo, connectCompany, refresh, send } from './intuit-requests';
import { useSimulator } from './use-simulator';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

useSimulator((started, client) => {
  simulator = started;
  admin = client;
});

describe('sandbox and production are separate', () => {
  it('a sandbox refresh token is unknown to the production client, and the reverse', async () => {
    const sandboxConnection = await connectCompany(simulator, admin, 'sandbox');
    const productionConnection = await connectCompany(simulator, admin, 'production');
    const crossed = await refresh(simulator, simulator.clients.production, sandboxConnection.refreshToken);
    expect(crossed.status).toBe(400);
    expect(crossed.json?.error).toBe('invalid_grant');
    expect(await admin.lastTokenCall()).toMatchObject({ cause: 'wrong_environment', environment: 'production' });
    expect((await refresh(simulator, simulator.clients.sandbox, productionConnection.refreshToken)).status).toBe(400);
    expect((await admin.lastTokenCall()).cause).toBe('wrong_environment');
  });

  it('serves CompanyInfo in Intuit’s shape on the matching base URL', async () => {
    const connected = await connectCompany(simulator, admin, 'production');
    const answer = await companyInfo(simulator, 'production', connected.realmId, connected.accessToken);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      CompanyInfo: { CompanyName: 'Harbor Street Dental LLC', Country: 'US', Id: '1', domain: 'QBO', sparse: false, FiscalYearStartMonth: 'January' },
    });
    expect(String(answer.json?.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-07:00$/);
  });

  it('answers the 007001 fault for a sandbox company on the production base, and the reverse', async () => {
    const sandboxConnection = await connectCompany(simulator, admin, 'sandbox');
    const answer = await companyInfo(simulator, 'production', sandboxConnection.realmId, sandboxConnection.accessToken);
    expect(answer.status).toBe(400);
    const error = (answer.json?.fault as { error: Array<{ message: string; code: string }> }).error[0];
    expect(error?.message).toContain('errorCode=007001');
    expect(error?.message).toContain('Sandbox company works with Sandbox URL and Production company works with Production URL.');
    const productionConnection = await connectCompany(simulator, admin, 'production');
    expect((await companyInfo(simulator, 'sandbox', productionConnection.realmId, productionConnection.accessToken)).status).toBe(400);
  });

  it('answers 403 3100 for a company the token was not granted', async () => {
    const connected = await connectCompany(simulator, admin, 'sandbox');
    const otherRealm = (await admin.companies('sandbox'))[1]?.realmId ?? '';
    const answer = await companyInfo(simulator, 'sandbox', otherRealm, connected.accessToken);
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ fault: { error: [{ code: '3100', message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403' }], type: 'SERVICE' } });
  });

  it('answers XML when the client does not ask for JSON, as QBO does', async () => {
    const connected = await connectCompany(simulator, admin, 'sandbox');
    const answer = await send(`${simulator.apiBaseUrl('sandbox')}/v3/company/${connected.realmId}/companyinfo/${connected.realmId}`, {
      headers: { authorization: `Bearer ${connected.accessToken}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/application\/xml/);
    expect(answer.text).toContain("<CompanyName>Larry&#39;s Bakery</CompanyName>");
  });

  it('uses PascalCase fault keys when set to', async () => {
    await admin.updateSettings({ apiFaultKeys: 'pascal' });
    const connected = await connectCompany(simulator, admin, 'sandbox');
    const answer = await companyInfo(simulator, 'production', connected.realmId, connected.accessToken);
    expect(answer.json).toHaveProperty('Fault.Error.0.code', '7001');
  });
});
