import { redact } from '../core/redaction/index';

/**
 * What the app service logs through. Each shell passes its own (electron-log in Electron, the
 * console in the browser shell); every line goes through the core's redaction first, so a
 * token that slips into an error message never reaches a log file.
 */
export interface AppLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return redact(error.stack ?? `${error.name}: ${error.message}`);
  return redact(String(error));
}

/** The browser shell's logger: redacted lines on stderr, so stdout carries only the URL line. */
export function createConsoleLogger(scope: string, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): AppLogger {
  const line = (level: string, message: string) => write(`[${new Date().toISOString()}] [${level}] (${scope}) ${redact(message)}`);
  return {
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message, error) => line('error', error === undefined ? message : `${message}: ${describeError(error)}`),
  };
}

export const silentLogger: AppLogger = { info() {}, warn() {}, error() {} };
