/** Polls a condition that has no event to wait for (a port closing), failing with `what` at the deadline. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True once nothing listens on the URL's port any more. */
export async function refusesConnections(url: string): Promise<boolean> {
  try {
    await (await fetch(url)).text();
    return false;
  } catch {
    return true;
  }
}
