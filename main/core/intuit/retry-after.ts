/**
 * The longest wait a `Retry-After` may impose. A server (or anything between it and us) can ask for
 * years; a connection left unrefreshed that long is lost, so past an hour we try again anyway.
 */
export const maximumRetryAfterSeconds = 3_600;

/**
 * The wait a `Retry-After` header asks for, in seconds: delay-seconds or an HTTP-date (RFC 9110
 * §10.2.3). A date is measured against the answer's own `Date` header when there is one, so a
 * wrong clock on either side does not stretch it. Undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, dateHeader: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Every HTTP-date form starts with a day name; anything else (say "-5") is not one.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const retryAtMs = Date.parse(text);
  if (Number.isNaN(retryAtMs)) return undefined;
  const answeredAtMs = dateHeader === null ? Number.NaN : Date.parse(dateHeader);
  const fromMs = Number.isNaN(answeredAtMs) ? nowMs : answeredAtMs;
  return Math.max(0, Math.ceil((retryAtMs - fromMs) / 1000));
}

export function clampRetryAfter(seconds: number | undefined): number | undefined {
  if (seconds === undefined || Number.isNaN(seconds) || seconds < 0) return undefined;
  return Math.min(seconds, maximumRetryAfterSeconds);
}
