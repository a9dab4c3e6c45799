import { useEffect, useState } from 'react';
import { useCompaniesStore } from '../stores/companies-store';

/** Main's "now" (this window's clock plus the skew seen in the last list), re-read every 30 seconds. */
export function useNow(intervalMs = 30_000): number {
  const skew = useCompaniesStore((state) => state.clockSkewMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now + skew;
}
