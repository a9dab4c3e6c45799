import { openConsentWindow, type ConsentWindow } from '../api/consent-window';
import { getApi } from '../api/current-api';

/** Called inside a click: in the browser shell, the tab for Intuit's page opens now, while the click still counts. */
export function consentWindowForClick(): ConsentWindow | null {
  return getApi().shell === 'browser' ? openConsentWindow(window) : null;
}
