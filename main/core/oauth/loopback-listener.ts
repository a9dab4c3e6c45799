import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export class LoopbackPortBusyError extends Error {
  readonly code = 'loopback_port_busy';
  constructor(readonly port: number) {
    super(
      `Port ${port} on this computer is already in use by another program, so Realmkeeper cannot receive ` +
        `Intuit's answer there. Close the other program, or choose another port in the redirect URI ` +
        `(and register the new URI in your Intuit app).`,
    );
  }
}

export interface LoopbackListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A browser may resolve `localhost` to either loopback address, so both are bound; no other
 * interface ever is. A machine without IPv6 simply has no ::1 to bind.
 */
const loopbackAddresses = ['127.0.0.1', '::1'] as const;

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export async function listenOnLoopback(port: number, handler: RequestHandler): Promise<LoopbackListener> {
  const servers: Server[] = [];
  try {
    for (const host of loopbackAddresses) {
      const server = createServer(handler);
      try {
        await listen(server, host, port);
        servers.push(server);
      } catch (error) {
        const code = errorCode(error);
        if (host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
        if (code === 'EADDRINUSE' || code === 'EACCES') throw new LoopbackPortBusyError(port);
        throw error;
      }
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  return {
    port,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}
