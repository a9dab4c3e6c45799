import type { AppEvent } from '../../../preload/contract/api-contract';

/** Splits a text/event-stream body into the `data:` payloads of its complete events. */
export function parseEventStreamChunk(buffer: string): { readonly payloads: string[]; readonly rest: string } {
  const normalized = buffer.replace(/\r\n/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  const payloads: string[] = [];
  for (const block of blocks) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (data.length > 0) payloads.push(data.join('\n'));
  }
  return { payloads, rest };
}

export function parseAppEvent(payload: string): AppEvent | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string') return value as AppEvent;
  } catch {
    // A malformed event is dropped; the next companies_changed brings the window up to date.
  }
  return null;
}

export interface EventStreamOptions {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly fetch: typeof fetch;
  readonly onEvent: (event: AppEvent) => void;
  readonly onConnectionChange?: (connected: boolean) => void;
  readonly backoffMs?: (attempt: number) => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function defaultBackoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Reads the shell's event stream with fetch (EventSource cannot send the token header), and
 * reconnects with growing pauses when it ends or fails. Returns the function that stops it.
 */
export function openEventStream(options: EventStreamOptions): () => void {
  const controller = new AbortController();
  const backoff = options.backoffMs ?? defaultBackoff;
  const sleep = options.sleep ?? defaultSleep;
  void (async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const response = await options.fetch(options.url, { headers: { ...options.headers, accept: 'text/event-stream' }, signal: controller.signal });
        if (!response.ok || response.body === null) throw new Error(`events answered ${response.status}`);
        options.onConnectionChange?.(true);
        failures = 0;
        // After a gap the window may have missed events: ask everyone to re-read.
        options.onEvent({ kind: 'companies_changed' });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEventStreamChunk(buffer + value);
          buffer = parsed.rest;
          for (const payload of parsed.payloads) {
            const event = parseAppEvent(payload);
            if (event !== null) options.onEvent(event);
          }
        }
      } catch {
        // Fall through to the pause: the shell restarted, the network blinked, or we were stopped.
      }
      if (controller.signal.aborted) break;
      options.onConnectionChange?.(false);
      await sleep(backoff(failures), controller.signal);
      failures += 1;
    }
  })();
  return () => controller.abort();
}
