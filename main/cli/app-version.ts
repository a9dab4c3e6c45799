import { readFileSync } from 'node:fs';

/**
 * The version in package.json. Both the bundle (dist/main/cli.js) and the source (main/cli/)
 * sit two folders below it, so one relative path serves both; a packaged layout without it
 * reports "unknown" rather than failing.
 */
export function appVersion(): string | undefined {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
