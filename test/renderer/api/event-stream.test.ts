import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../preload/contract/api-contract';
import { openEventStream, parseEventStreamChunk } from '../../../renderer/src/api/event-stream';

describe('parseEventStreamChunk', () => {
  it('returns complete events and keeps the unfinished rest', () => {
    const { payloads, rest } = parseEventStreamChunk('data: {"kind":"a"}\n\n: keep-alive\n\ndata: {"kind":"b"}\r\n\r\ndata: {"ki');
    expect(payloads).toEqual(['{"kind":"a"}', '{"kind":"b"}']);
    expect(rest).toBe('data: {"ki');
  });
});

function streamResponse(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('openEventStream', () => {
  it('sends the token header, delivers events split across chunks, and reconnects after the stream ends', async () => {
    const seenHeaders: Array<Record<string, string>> = [];
    const events: AppEvent[] = [];
    let calls = 0;
    const done = new Promise<void>((resolve) => {
      const stop = openEventStream({
        url: 'http://127.0.0.1:1/api/events',
        headers: { 'x-realmkeeper-token': 'secret' },
        fetch: async (_url, init) => {
          seenHeaders.push(init?.headers as Record<string, string>);
          calls += 1;
          if (calls === 1) throw new TypeError('connection refused');
          if (calls === 2) return streamResponse(['data: {"kind":"refresh_progress","total":3,', '"done":1}\n\n']);
          stop();
          resolve();
          return new Response(null, { status: 503 });
        },
        sleep: async () => undefined,
        onEvent: (event) => events.push(event),
      });
    });
    await done;
    expect(seenHeaders.every((headers) => headers['x-realmkeeper-token'] === 'secret')).toBe(true);
    expect(events).toEqual([{ kind: 'companies_changed' }, { kind: 'refresh_progress', total: 3, done: 1 }]);
    expect(calls).toBe(3);
  });
});
