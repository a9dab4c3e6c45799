import { formatAbsolute, formatRelative } from '../format/relative-time';

/** "2 hours ago", with the exact date and time on hover and for screen readers. */
export function RelativeTime({ at, now, prefix = '' }: { readonly at: number; readonly now: number; readonly prefix?: string }) {
  const absolute = formatAbsolute(at);
  return (
    <time dateTime={new Date(at).toISOString()} title={absolute}>
      {prefix}
      {formatRelative(at, now)}
    </time>
  );
}
