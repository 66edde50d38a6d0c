// Property: any request the transport signs verifies on a server rebuilding the canonical request
// from the bytes it received, and changing one body byte breaks it.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { propertyParams } from '../testing/property.ts';
import { startTestServer, type TestServer } from '../testing/server.ts';
import { verifyAkSk } from '../testing/verify.ts';
import { createTransport, type Transport } from '../transport/client.ts';
import { akskAuth } from './aksk.ts';

const SK = 'property-secret-key';
let server: TestServer;
let transport: Transport;
beforeAll(async () => {
  server = await startTestServer();
  transport = createTransport({ endpoint: server.url, auth: akskAuth({ ak: 'AK', sk: SK }), retry: { maxRetries: 0 } });
});
afterAll(async () => {
  await transport.close();
  await server.close();
});

const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== '.' && s !== '..');

test('signed requests verify; a changed body byte does not', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'PUT', 'POST', 'DELETE'),
      fc.array(segment, { minLength: 1, maxLength: 4 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
      fc.option(fc.jsonValue(), { nil: undefined }),
      fc.string({ maxLength: 10 }),
      async (method, segments, query, json, projectId) => {
        const body = method === 'GET' ? {} : json === undefined ? {} : { json };
        await transport.send({ method, path: `/${segments.map(encodeURIComponent).join('/')}`, query, headers: projectId.trim() ? { 'x-project-id': projectId.trim() } : {}, ...body });
        const received = server.requests.at(-1)!;
        expect(verifyAkSk(received, SK)).toMatchObject({ ok: true });
        if (received.body.length) {
          const tampered = Buffer.from(received.body);
          tampered[0] = tampered[0]! ^ 1;
          expect(verifyAkSk({ ...received, body: tampered }, SK).ok).toBe(false);
        }
      },
    ),
    propertyParams('aksk: sign then verify', 40),
  );
});
