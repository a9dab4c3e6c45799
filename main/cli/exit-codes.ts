/** The exit codes live with the one classifier of expected errors (`main/core/errors/`), which picks them. */
export { exitCodeDescriptions, exitCodes, type ExitCode } from '../core/errors/exit-codes';
