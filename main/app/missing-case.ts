/** For exhaustive switches: the compiler proves `value` is `never`; at run time it names what slipped through. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
