import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resultPageFor } from './callback-result-page';
import type { CallbackOutcome, ConnectFlow } from './connect-flow';
import { listenOnLoopback, type LoopbackListener } from './loopback-listener';
import { renderResultPage, resultPageHeaders, type ResultPage } from './result-page';

export interface CallbackServerOptions {
  /** The registered loopback redirect URI, e.g. http://localhost:8765/callback. */
  readonly redirectUri: string;
  readonly flow: ConnectFlow;
  /** How long result pages stay viewable after the last attempt settles. */
  readonly lingerMs?: number;
}

const defaultLingerMs = 2 * 60_000;
const resultPath = '/realmkeeper/result/';

/**
 * Serves the loopback redirect: only while an attempt is pending (plus a short linger so the
 * result page can be shown and reloaded), only on loopback, only for its own Host names.
 * The callback answers with a redirect to the result page, so reloading the tab never
 * re-delivers the code.
 */
export class CallbackServer {
  private listener: LoopbackListener | undefined;
  private opening: Promise<LoopbackListener> | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly pages = new Map<string, ResultPage>();
  private readonly callbackPath: string;
  private readonly port: number;
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(private readonly options: CallbackServerOptions) {
    const uri = new URL(options.redirectUri);
    this.callbackPath = uri.pathname;
    this.port = Number(uri.port);
    this.allowedHosts = new Set([`localhost:${this.port}`, `127.0.0.1:${this.port}`, `[::1]:${this.port}`]);
    this.allowedOrigins = new Set([...this.allowedHosts].map((host) => `http://${host}`));
  }

  /** Call when an attempt starts; a busy port rejects with `loopback_port_busy`. */
  async ensureListening(): Promise<void> {
    this.cancelLinger();
    if (this.listener !== undefined) return;
    this.opening ??= listenOnLoopback(this.port, (request, response) => {
      // `handle` answers every failure with a page; what could still throw is a socket already gone.
      this.handle(request, response).catch(() => response.destroy());
    });
    try {
      this.listener = await this.opening;
    } finally {
      this.opening = undefined;
    }
  }

  /** Call when an attempt settles: the listener closes once none is pending and the linger passes. */
  closeWhenIdle(): void {
    if (this.options.flow.pending().length > 0 || this.listener === undefined) return;
    this.cancelLinger();
    this.lingerTimer = setTimeout(() => {
      // Closing only stops listening; a failure to close leaves a listener that the next close ends.
      this.close().catch(() => undefined);
    }, this.options.lingerMs ?? defaultLingerMs);
    this.lingerTimer.unref();
  }

  isListening(): boolean {
    return this.listener !== undefined;
  }

  async close(): Promise<void> {
    this.cancelLinger();
    const listener = this.listener;
    this.listener = undefined;
    this.pages.clear();
    await listener?.close();
  }

  private cancelLinger(): void {
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (!this.allowedHosts.has(soleHost(request) ?? '')) {
        // A page on another site that resolves its own name to 127.0.0.1 must get nothing.
        return this.sendPage(response, 421, { tone: 'problem', title: 'Wrong address', message: 'This address is not served here.' });
      }
      const origin = request.headers.origin;
      if (origin !== undefined && !this.allowedOrigins.has(origin)) {
        // Intuit's redirect is a top-level GET navigation, which carries no Origin: a script on another site does.
        return this.sendPage(response, 403, { tone: 'problem', title: 'Not allowed', message: 'Only the Intuit redirect is accepted here.' });
      }
      if (request.method !== 'GET') {
        return this.sendPage(response, 405, { tone: 'problem', title: 'Not allowed', message: 'Only the Intuit redirect is accepted here.' });
      }
      const target = request.url ?? '';
      // Origin-form only: `//evil/x` would otherwise be read as another host, and `*` or an absolute URL are not ours.
      if (!target.startsWith('/')) return this.sendPage(response, 400, { tone: 'problem', title: 'Not understood', message: 'This address is not served here.' });
      const url = new URL(`http://localhost:${this.port}${target}`);
      if (url.pathname === this.callbackPath) return await this.handleCallback(url, response);
      if (url.pathname.startsWith(resultPath)) {
        const page = this.pages.get(url.pathname.slice(resultPath.length));
        if (page !== undefined) return this.sendPage(response, 200, page);
      }
      return this.sendPage(response, 404, { tone: 'problem', title: 'Nothing here', message: 'This page is no longer available.' });
    } catch {
      return this.sendPage(response, 500, { tone: 'problem', title: 'Something went wrong', message: 'Realmkeeper could not finish. Open Realmkeeper to see what happened.' });
    }
  }

  private async handleCallback(url: URL, response: ServerResponse): Promise<void> {
    const outcome: CallbackOutcome = await this.options.flow.handleCallback(url.searchParams, this.options.redirectUri);
    const pageId = randomBytes(12).toString('base64url');
    this.pages.set(pageId, resultPageFor(outcome));
    response.writeHead(302, { location: `${resultPath}${pageId}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    response.end();
    this.closeWhenIdle();
  }

  private sendPage(response: ServerResponse, status: number, page: ResultPage): void {
    if (response.headersSent) return void response.end();
    response.writeHead(status, resultPageHeaders);
    response.end(renderResultPage(page));
  }
}

/**
 * The request's one Host header. Node keeps only the first of several, so a request naming two
 * hosts (which RFC 9112 says must be refused) would pass as the first alone.
 */
function soleHost(request: IncomingMessage): string | undefined {
  let count = 0;
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    if (request.rawHeaders[index]?.toLowerCase() === 'host') count += 1;
  }
  return count === 1 ? request.headers.host : undefined;
}
