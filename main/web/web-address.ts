import type { AppLogger } from '../app/app-logger';
import type { SecretStore } from '../core/keychain/secret-store';
import { newWebToken } from './web-server';

/**
 * The browser shell keeps its address across restarts, so a bookmark, an open tab and the
 * browser's notification permission (given per origin) keep working: a fixed default port, and
 * a token kept in the keychain beside the app's other secrets.
 */
export const defaultWebPort = 47_631;
export const webTokenAccount = 'web-shell:token';

export function readWebPort(raw: string | undefined, variable: string): number {
  if (raw === undefined || raw.trim() === '') return defaultWebPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${variable} is "${raw}", which is not a port number (0 picks a free one).`);
  return port;
}

/** The kept token, made once; a keychain that does not answer gives a token for this run only. */
export async function keptWebToken(secrets: SecretStore, logger: AppLogger): Promise<string> {
  try {
    const kept = await secrets.get(webTokenAccount);
    if (kept !== null && kept.length >= 32) return kept;
    const token = newWebToken();
    await secrets.set(webTokenAccount, token);
    return token;
  } catch {
    logger.warn('The keychain did not answer; the browser address changes at the next start');
    return newWebToken();
  }
}
