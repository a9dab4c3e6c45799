import type { App } from 'electron';

interface PreventableEvent {
  preventDefault(): void;
}

/**
 * Electron quits as soon as 'will-quit' returns, and does not wait for a promise. Quitting
 * between Intuit's answer and the keychain write would lose a rotated refresh token, so the first
 * quit is held back until the engine has closed (its refreshes drained), then quit for real.
 */
export function quitAfterDrain(app: Pick<App, 'on' | 'quit'>, close: () => Promise<void>, onError: (error: unknown) => void): void {
  let state: 'running' | 'draining' | 'drained' = 'running';
  app.on('will-quit', (event: PreventableEvent) => {
    if (state === 'drained') return;
    event.preventDefault();
    if (state === 'draining') return;
    state = 'draining';
    close()
      .catch(onError)
      .finally(() => {
        state = 'drained';
        app.quit();
      });
  });
}
