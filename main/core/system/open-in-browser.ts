import { spawn } from 'node:child_process';

/**
 * Hands the URL to the system's opener. Failing to start one is not an error for the caller:
 * the URL is always printed too, so the bookkeeper can paste it into any browser.
 */
export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [command, args] = openerFor(url, platform);
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: platform === 'win32' });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

export function openerFor(url: string, platform: NodeJS.Platform): [string, string[]] {
  switch (platform) {
    case 'darwin':
      return ['open', [url]];
    case 'win32':
      // `start` is a cmd built-in; its first quoted argument is a window title, hence the "".
      return ['cmd', ['/d', '/s', '/c', `start "" "${url}"`]];
    default:
      return ['xdg-open', [url]];
  }
}
