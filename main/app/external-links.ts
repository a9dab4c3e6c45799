/**
 * Addresses the window may ask the shell to open in the system browser. Anything else is
 * refused: a compromised or confused page must not turn the app into a launcher for arbitrary
 * URLs or local files. Intuit's own sites (sign-in, consent, the developer portal's Keys page
 * the README points to) are https on intuit.com; in demo mode the simulator stands in for them.
 */
export interface ExternalLinkPolicy {
  /** The simulator's origin in demo mode, e.g. `http://127.0.0.1:54321`. */
  readonly extraOrigins: readonly string[];
}

const intuitDomain = 'intuit.com';

export function isAllowedExternalUrl(url: string, policy: ExternalLinkPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (policy.extraOrigins.includes(parsed.origin)) return true;
  if (parsed.protocol !== 'https:' || parsed.port !== '') return false;
  const host = parsed.hostname.toLowerCase();
  return host === intuitDomain || host.endsWith(`.${intuitDomain}`);
}
