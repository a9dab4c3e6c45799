import { describeError, oneLine } from '../core/errors/expected-error';
import { redact } from '../core/redaction/redact-text';
import { exitCodes, type ExitCode } from './exit-codes';

export { oneLine };

/** An expected failure with the line to show and the code to exit with; never a stack trace. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';

  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export class UsageError extends CliFailure {
  constructor(message: string) {
    super(exitCodes.usage, message);
  }
}

export interface DescribedFailure {
  readonly exitCode: ExitCode;
  readonly message: string;
  /** False for bugs: the caller may offer the stack when asked to debug. */
  readonly expected: boolean;
}

/**
 * The command line's own failures, then the core's through the classifier the app uses too:
 * an exit code and one redacted line.
 */
export function describeFailure(error: unknown): DescribedFailure {
  if (error instanceof CliFailure) return { exitCode: error.exitCode, message: oneLine(redact(error.message)), expected: true };
  const described = describeError(error);
  switch (described.kind) {
    case 'expected':
      return { exitCode: described.exitCode, message: described.message, expected: true };
    case 'unexpected':
      return { exitCode: described.exitCode, message: `Unexpected error: ${described.message}`, expected: false };
  }
}
