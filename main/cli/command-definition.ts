import type { CliContext } from './cli-context';
import type { ExitCode } from './exit-codes';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  readonly valueName?: string;
}

export interface CommandInput {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** One command: how it is called, what it accepts, and the function that runs it. */
export interface CommandDefinition {
  readonly name: string;
  /** The arguments after the name, as shown in help: `<company>`, `[company|--all]`. */
  readonly synopsis: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: { readonly minimum: number; readonly maximum: number };
  readonly run: (context: CliContext, input: CommandInput) => Promise<ExitCode>;
}
