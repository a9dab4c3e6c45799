import { isIP } from 'node:net';

const loopbackHostnames = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHostname(hostname: string): boolean {
  return loopbackHostnames.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export function isIpAddressHostname(hostname: string): boolean {
  return isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
}

/**
 * An endpoint that tokens or secrets may travel to: https, or plain http only to this machine
 * (the simulator, a local proxy). Returns the reason it is not, or undefined.
 */
export function secureEndpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol === 'https:') {
    return undefined;
  }
  if (url.protocol === 'http:') {
    return isLoopbackHostname(url.hostname) ? undefined : 'must use https (plain http is allowed only for localhost)';
  }
  return 'must be an https URL';
}
