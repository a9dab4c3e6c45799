import { randomInt } from 'node:crypto';
import type { ChaosOptions, KeyringControl } from './chaos-run';

/**
 * `npm run chaos [-- --short] [--documented] [--seed N] [--companies N] [--days N]`: prints the
 * seed first, then one table; exits 1 with the seed and the first violation when the run fails.
 */
export interface ChaosArguments {
  readonly seed: number;
  readonly strict: boolean;
  readonly short: boolean;
  readonly companies: number | undefined;
  readonly days: number | undefined;
}

export function parseChaosArguments(argv: readonly string[]): ChaosArguments {
  let seed = randomInt(1, 2 ** 31);
  let strict = true;
  let short = false;
  let companies: number | undefined;
  let days: number | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const number = (): number => {
      const value = Number(argv[index + 1]);
      index += 1;
      if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${argument} needs a whole number above 0`);
      return value;
    };
    if (argument === '--seed') seed = number();
    else if (argument === '--companies') companies = number();
    else if (argument === '--days') days = number();
    else if (argument === '--documented') strict = false;
    else if (argument === '--strict') strict = true;
    else if (argument === '--short') short = true;
    else throw new Error(`unknown argument ${argument ?? ''}; usage: chaos [--short] [--documented] [--seed N] [--companies N] [--days N]`);
  }
  return { seed, strict, short, companies, days };
}

export function chaosOptions(parsed: ChaosArguments, cliPath: string, keyring: KeyringControl | undefined, log: (line: string) => void): ChaosOptions {
  return {
    seed: parsed.seed,
    strict: parsed.strict,
    companies: parsed.companies ?? (parsed.short ? 4 : 50),
    days: parsed.days ?? (parsed.short ? 20 : 180),
    lanes: 3,
    commandsPerRound: parsed.short ? 5 : 8,
    stepHours: parsed.short ? [4, 48] : [12, 72],
    sleepDays: parsed.short ? [2, 4] : [10, 30],
    cliPath,
    keychainService: `realmkeeper-chaos-${process.pid}-${Date.now()}`,
    keyring,
    log,
  };
}
