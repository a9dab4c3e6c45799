import type { EnvironmentVariables } from '../core/config/config-types';

export interface OutputStream {
  write(text: string): unknown;
}

/**
 * Everything a command touches outside the core, so commands run the same under a test as from
 * a terminal: the environment, the clock, the three standard streams, the browser, Ctrl+C.
 */
export interface CliContext {
  readonly env: EnvironmentVariables;
  readonly now: () => number;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Resolves false when no browser could be started; the URL is printed either way. */
  readonly openBrowser: (url: string) => Promise<boolean>;
  /** Calls `listener` on Ctrl+C; returns the function that stops listening. */
  readonly onInterrupt: (listener: () => void) => () => void;
}

export function printLine(stream: OutputStream, line = ''): void {
  stream.write(`${line}\n`);
}
