import type { CompanySummary } from '../../../preload/contract/api-contract';

/**
 * The message a bookkeeper sends a client's QuickBooks admin when only that admin can reconnect
 * the company: what broke, in plain words, and exactly what to click. The codes stay in the
 * last line, for support.
 */
export function reconnectRequest(company: Pick<CompanySummary, 'name' | 'realmId' | 'cause' | 'causeSummary' | 'fixer'>): string {
  const greeting = company.fixer === null ? 'Hello,' : `Hello ${company.fixer.name},`;
  const why = company.causeSummary ?? 'Intuit no longer accepts the connection.';
  return [
    greeting,
    '',
    `I keep your QuickBooks Online company "${company.name}" connected to Realmkeeper, the app I use to keep your books up to date. That connection has stopped working. ${why}`,
    '',
    'Intuit only lets an admin of your QuickBooks company reconnect it, and it takes about two minutes on a short call with me:',
    '1. I start the reconnection on my computer and Intuit’s sign-in page opens; I share my screen with you.',
    '2. Sign in with your QuickBooks admin user and password (I never see or keep your password).',
    `3. In Intuit’s list, choose "${company.name}" — not another company — and click Connect.`,
    '4. When the page says the company is connected, we are done. Nothing in your books changes.',
    '',
    'Or, so that I can do it myself next time: in QuickBooks, click the gear icon, then Manage users, find my name, click Edit, choose Admin, and Save.',
    '',
    'When would suit you?',
    '',
    `(For support: company number ${company.realmId}${company.cause === null ? '' : `, cause ${company.cause}`}.)`,
  ].join('\n');
}
