// A plain pass-through HTTP proxy on loopback: every request is forwarded as received (method, path,
// headers, body) and every answer returned as received. A run through it must give the verdict and
// counts of the same run without it: nothing of the suite may depend on the connection to the target.
import { createServer, request, type Server } from 'node:http';
import { once } from 'node:events';

export interface Proxy {
  url: string;
  /** Requests forwarded so far. */
  forwarded(): number;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const to = new URL(target);
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    forwarded: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
