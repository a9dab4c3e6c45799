/**
 * Exit codes, stable for the bookkeeper's scripts: one per kind of thing to fix, so a script can
 * tell "reconnect this company" from "unlock the keychain" without reading the message.
 */
export const exitCodes = {
  ok: 0,
  /** Anything else that failed, including an unexpected error. */
  failure: 1,
  /** The command line itself is wrong: unknown command, option or setting name. */
  usage: 2,
  /** No such company, several match, or it needs reconnecting. */
  company: 3,
  /** The settings are invalid or incomplete, or the settings file does not parse. */
  configuration: 4,
  /** The system keychain is missing, locked or failing. */
  keychain: 5,
  /** The database is locked by another process, damaged, or cannot be opened. */
  database: 6,
  /** Intuit (or the simulator) cannot be reached or is failing for now; try again later. */
  unreachable: 7,
  /** A connect did not finish: cancelled or denied on the Intuit page, expired, port busy. */
  connectFailed: 8,
  /** `status`: at least one company needs attention (reconnect, retrying, or expiring within 30 days). */
  needsAttention: 9,
  /** Stopped with Ctrl+C. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** For --help and the README: each code with what it means. */
export const exitCodeDescriptions: ReadonlyArray<readonly [ExitCode, string]> = [
  [exitCodes.ok, 'success (doctor: nothing wrong)'],
  [exitCodes.failure, 'failure not covered below (doctor: something is wrong; test: QuickBooks refused)'],
  [exitCodes.usage, 'usage: unknown command, option or setting'],
  [exitCodes.company, 'unknown or ambiguous company, or the company needs reconnecting'],
  [exitCodes.configuration, 'settings invalid or incomplete, or the settings file is broken'],
  [exitCodes.keychain, 'system keychain unavailable or locked'],
  [exitCodes.database, 'database locked, damaged or unavailable'],
  [exitCodes.unreachable, 'Intuit unreachable or failing for now (retry later)'],
  [exitCodes.connectFailed, 'connect did not finish (cancelled, denied, expired, port busy)'],
  [exitCodes.needsAttention, 'status: a company needs attention (reconnect, retrying, or expiring within 30 days)'],
  [exitCodes.interrupted, 'interrupted (Ctrl+C)'],
];
