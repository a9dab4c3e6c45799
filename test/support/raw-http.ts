import { connect } from 'node:net';

export interface RawRequest {
  readonly method: string;
  /** The request target exactly as written on the request line. */
  readonly target: string;
  /** Header lines in order; a name may repeat, and Host may be missing. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
}

export interface RawAnswer {
  /** The status code, or undefined when the server closed the connection without answering. */
  readonly status: number | undefined;
  readonly head: string;
}

/**
 * One HTTP/1.1 request written byte for byte on a fresh socket, so that a test can send what
 * `fetch` and `http.request` refuse to: no Host, two Hosts, any method, any target. Resolves
 * with the answer's status line once the server closes the connection.
 */
export function sendRaw(port: number, request: RawRequest, host = '127.0.0.1'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to ${request.method} ${request.target.slice(0, 80)}`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A server that refuses a request it cannot parse may reset rather than close.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve(answerOf(chunks));
      else reject(error);
    });
    socket.on('end', () => socket.end());
    socket.on('close', () => resolve(answerOf(chunks)));
    const lines = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`), 'Connection: close', '', request.body ?? ''];
    // Written, not ended: a half-closed client makes Node's server drop an answer still being prepared.
    socket.write(lines.join('\r\n'));
  });
}

function answerOf(chunks: Buffer[]): RawAnswer {
  const text = Buffer.concat(chunks).toString('latin1');
  const head = text.split('\r\n\r\n', 1)[0] ?? '';
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  return { status: match?.[1] === undefined ? undefined : Number(match[1]), head };
}

/** The answer's Location header, if any. */
export function locationOf(answer: RawAnswer): string | undefined {
  return /\r\nlocation: ([^\r\n]*)/i.exec(answer.head)?.[1];
}
