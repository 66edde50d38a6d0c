// A throwaway HTTP server for harness tests (127.0.0.1, free port): records every request and
// answers through a handler the test supplies. Never a real DCS: the emulator has its own tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Raw path with query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  at: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Wait before answering (timeouts). */
  delayMs?: number;
  /** Drop the connection instead of answering. */
  destroy?: boolean;
  /** Send the headers and half the body, then wait this long before the rest (timeouts mid-body). */
  stallBodyMs?: number;
}

export interface TestServer {
  url: string;
  port: number;
  requests: Recorded[];
  /** New TCP connections accepted (keep-alive reuse shows as fewer connections than requests). */
  connections: number;
  close(): Promise<void>;
}

export async function startTestServer(handler: (req: Recorded, index: number) => Reply | Promise<Reply> = () => ({ status: 200, body: {} })): Promise<TestServer> {
  const requests: Recorded[] = [];
  const state = { connections: 0 };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: performance.now() };
    requests.push(rec);
    const reply = await handler(rec, requests.length - 1);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.destroy) return void req.socket.destroy();
    if (res.destroyed) return;
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { ...(typeof reply.body === 'object' ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    if (reply.stallBodyMs) {
      res.write(body.slice(0, body.length >> 1));
      await new Promise((r) => setTimeout(r, reply.stallBodyMs));
      if (res.destroyed) return;
      return void res.end(body.slice(body.length >> 1));
    }
    res.end(body);
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
