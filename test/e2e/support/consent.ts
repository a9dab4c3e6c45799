import { expect, type BrowserContext, type Page } from '@playwright/test';

/**
 * Clicks the window's button that opens Intuit's page, then plays the bookkeeper on the REAL
 * consent page in the new tab: choose the company's radio, click Connect. Returns that tab,
 * which ends on the app's callback result page.
 */
export async function consentInNewTab(context: BrowserContext, open: () => Promise<void>, companyName: string, simulatorUrl: string): Promise<Page> {
  const [tab] = await Promise.all([context.waitForEvent('page'), open()]);
  await tab.waitForURL((url) => url.href.startsWith(simulatorUrl));
  await tab.getByLabel(companyName).check();
  await tab.getByRole('button', { name: 'Connect' }).click();
  await tab.waitForURL((url) => !url.href.startsWith(simulatorUrl));
  await tab.waitForLoadState('load');
  return tab;
}

export async function expectConnected(page: Page, companyName: string): Promise<void> {
  await expect(page.getByRole('dialog').getByRole('heading', { name: new RegExp(`${escape(companyName)} is connected`) })).toBeVisible();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
