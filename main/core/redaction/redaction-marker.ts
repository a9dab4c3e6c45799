import { createHash } from 'node:crypto';

const markerPrefix = '[redacted:';

/**
 * The stand-in for a secret: a short sha256 prefix, so two log lines that carry the same token can
 * still be matched up without either revealing it. 32 bits of a hash of a high-entropy token say
 * nothing useful about the token.
 */
export function redactionMarker(secret: string): string {
  const digest = createHash('sha256').update(secret, 'utf8').digest('hex');
  return `${markerPrefix}${digest.slice(0, 8)}]`;
}

export function startsWithRedactionMarker(text: string): boolean {
  return text.startsWith(markerPrefix);
}
