// What the transport reads of an answer, byte for byte as the server wrote it: a raw socket server
// decides the framing (chunks, repeated headers, informational answers), the transport must not care.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { TransportError } from '../errors.ts';
import { createTransport, type Transport } from './client.ts';

const open: { server?: Server; transport?: Transport; sockets: Set<Socket> } = { sockets: new Set() };
afterEach(async () => {
  await open.transport?.close();
  for (const s of open.sockets) s.destroy();
  await new Promise<void>((r) => (open.server ? open.server.close(() => r()) : r()));
  delete open.transport;
  delete open.server;
});

/** A server that answers every request with `write(socket)`, once the request's head has come. */
async function rawServer(write: (socket: Socket) => void): Promise<Transport> {
  const server = (open.server = createServer((socket) => {
    open.sockets.add(socket);
    let head = '';
    socket.on('data', (d) => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        head = '';
        write(socket);
      }
    });
  }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (open.transport = createTransport({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, retry: { maxRetries: 0 } }));
}

test('repeated headers are joined with ", " under lower-case names; a chunked body split inside a character reads whole', async () => {
  const body = Buffer.from(JSON.stringify({ name: 'café ✓ 缓存' }), 'utf8');
  // Split inside the three bytes of ✓.
  const cut = body.indexOf(Buffer.from('✓', 'utf8')) + 1;
  const transport = await rawServer((s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: a\r\nx-request-id: b\r\nSet-Cookie: c=1\r\nTransfer-Encoding: chunked\r\n\r\n');
    s.write(`${body.subarray(0, cut).length.toString(16)}\r\n`);
    s.write(Buffer.concat([body.subarray(0, cut), Buffer.from('\r\n')]));
    setTimeout(() => s.write(Buffer.concat([Buffer.from(`${(body.length - cut).toString(16)}\r\n`), body.subarray(cut), Buffer.from('\r\n0\r\n\r\n')])), 20);
  });
  const res = await transport.send({ method: 'GET', path: '/x' });
  expect(res.status).toBe(200);
  expect(res.headers['x-request-id']).toBe('a, b');
  expect(res.headers['set-cookie']).toBe('c=1');
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.json).toEqual({ name: 'café ✓ 缓存' });
});

test('an informational answer (103) is not the answer: the final one is', async () => {
  const transport = await rawServer((s) => s.write('HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}'));
  const res = await transport.send({ method: 'GET', path: '/x' });
  expect(res).toMatchObject({ status: 404, json: {}, isJson: true, attempts: 1 });
  expect(res.headers.link).toBeUndefined();
});

test('no body: an empty text, not JSON; HEAD reads no body whatever Content-Length says', async () => {
  const transport = await rawServer((s) => s.write('HTTP/1.1 204 No Content\r\n\r\n'));
  expect(await transport.send({ method: 'DELETE', path: '/x' })).toMatchObject({ status: 204, text: '', isJson: false });
  await transport.close();
  const head = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n'));
  expect(await head.send({ method: 'HEAD', path: '/x' })).toMatchObject({ status: 200, text: '', headers: { 'content-length': '40' } });
});

test('a garbage answer is a named transport error, not a hang', async () => {
  const transport = await rawServer((s) => s.end('SMTP ready\r\n\r\n'));
  await expect(transport.send({ method: 'GET', path: '/x', retry: false })).rejects.toBeInstanceOf(TransportError);
});

test('a UTF-8 byte order mark before a JSON body is not part of its text, as with undici body.text()', async () => {
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
  const transport = await rawServer((s) => s.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`), body])));
  expect(await transport.send({ method: 'GET', path: '/x' })).toMatchObject({ text: '{"a":1}', json: { a: 1 }, isJson: true });
});
