/**
 * In the browser shell the window opens Intuit's page itself. A tab opened during the click
 * survives popup blockers; it is cut from this window (no `opener`) before it leaves for
 * Intuit, and closed again if no address comes back.
 */
export interface ConsentWindow {
  navigate(url: string): boolean;
  close(): void;
}

export function openConsentWindow(target: Pick<Window, 'open'>): ConsentWindow {
  let opened: Window | null = target.open('about:blank', '_blank');
  if (opened !== null) opened.opener = null;
  return {
    navigate(url) {
      if (opened === null || opened.closed) {
        opened = target.open(url, '_blank');
        if (opened !== null) opened.opener = null;
        return opened !== null;
      }
      opened.location.href = url;
      return true;
    },
    close() {
      opened?.close();
      opened = null;
    },
  };
}

/** Where the shell says the consent page is, if it leaves opening it to the window. */
export function consentUrlOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const key of ['authorizationUrl', 'consentUrl', 'openUrl'] as const) {
    const candidate = (value as Record<string, unknown>)[key];
    if (typeof candidate === 'string' && /^https?:\/\//.test(candidate)) return candidate;
  }
  return null;
}
