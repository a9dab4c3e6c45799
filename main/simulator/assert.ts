/** Thrown when a switch meets a value its union type says cannot exist. */
export function missingCaseError(value: never): Error {
  return new TypeError(`Unhandled case: ${JSON.stringify(value)}`);
}
