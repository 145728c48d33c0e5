/**
 * Requests that carry a key never follow a redirect: with real sockets, a 302 from "Venice" to
 * another server must fail, and the other server must never see the Authorization header.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVeniceClient } from '@/lib/venice/client';
import { VeniceNetworkError } from '@/lib/venice/errors';
import { ADMIN_SECRET } from './fixtures';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(
  handler: (req: IncomingMessage) => { status: number; headers?: Record<string, string> },
) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const { status, headers } = handler(req);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ data: [] }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('redirects', () => {
  it.each(['GET', 'POST'] as const)(
    'a %s carrying a key fails on a redirect and the key goes nowhere else',
    async (m) => {
      const elsewhere = await serve(() => ({ status: 200 }));
      const venice = await serve((req) => ({
        status: m === 'GET' ? 302 : 307,
        headers: { location: `${elsewhere.url}${req.url}` },
      }));
      const client = createVeniceClient({ baseUrl: `${venice.url}/api/v1`, maxRetries: 0 });
      const call =
        m === 'GET'
          ? client.listApiKeys(ADMIN_SECRET)
          : client.revokeApiKey(ADMIN_SECRET, '0b7a9c1e-1111-4222-8333-444455556666');
      await expect(call).rejects.toBeInstanceOf(VeniceNetworkError);
      expect(venice.seen).toHaveLength(1);
      expect(venice.seen[0]?.headers.authorization).toBe(`Bearer ${ADMIN_SECRET}`);
      expect(elsewhere.seen).toHaveLength(0);
    },
  );
});

describe('response size', () => {
  it('an answer over 5 MB is refused with its own message, declared or not', async () => {
    const big = JSON.stringify({ data: [], pad: 'x'.repeat(5 * 1024 * 1024) });
    for (const chunked of [false, true]) {
      const server = createServer((_req, res) => {
        res.writeHead(
          200,
          chunked ? { 'content-type': 'application/json' } : { 'content-length': big.length },
        );
        res.end(big);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
      const client = createVeniceClient({ baseUrl: url, maxRetries: 0 });
      await expect(client.listApiKeys(ADMIN_SECRET)).rejects.toThrow('larger than 5 MB');
    }
  });
});
