import { join } from 'node:path';
import type { MainLogger } from 'electron-log';
import type { AppLogger } from '../app/app-logger';
import { describeError } from '../app/app-logger';
import { redact } from '../core/redaction/index';
import { ensurePrivateDirectory, privateFileMode } from '../core/system/private-files';

/** Five files of 5 MB at most: electron-log renames a full main.log to main.old.log. */
const maximumLogBytes = 5 * 1024 * 1024;

/**
 * electron-log writing to `<data folder>/logs/main.log` with rotation, every message passed
 * through the core's redaction by a hook, so nothing that looks like a token or a code is written
 * whichever module logged it.
 */
export function configureElectronLog(log: MainLogger, logsDirectory: string): void {
  // The log names companies and realms: private to the user, like the rest of the data folder.
  ensurePrivateDirectory(logsDirectory);
  log.transports.file.writeOptions = { flag: 'a', mode: privateFileMode, encoding: 'utf8' };
  log.transports.file.resolvePathFn = () => join(logsDirectory, 'main.log');
  log.transports.file.maxSize = maximumLogBytes;
  log.hooks.push((message) => ({ ...message, data: message.data.map((part: unknown) => (typeof part === 'string' ? redact(part) : part instanceof Error ? describeError(part) : redact(String(part)))) }));
}

export function scopedLogger(log: MainLogger, scope: string): AppLogger {
  const scoped = log.scope(scope);
  return {
    info: (message) => scoped.info(message),
    warn: (message) => scoped.warn(message),
    error: (message, error) => scoped.error(error === undefined ? message : `${message}: ${describeError(error)}`),
  };
}
