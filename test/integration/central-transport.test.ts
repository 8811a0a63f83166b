/**
 * The registry client's own HTTP (main/central/transport.ts) against a real server on 127.0.0.1:
 * what it sends, what it gives back, and every way it refuses to give an answer (which the client
 * turns into a `network` failure, retried by the sync worker).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createCentralClient } from '../../main/central/client';
import { MAX_RESPONSE_BYTES, nodeTransport } from '../../main/central/transport';

let server: Server | null = null;
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  s?.closeAllConnections();
});

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string; socket: Socket };

/** A server whose every request is handled by `handle`, after its body was read. */
async function serve(handle: (seen: Seen, res: ServerResponse, all: Seen[]) => void): Promise<{ url: URL; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        socket: req.socket,
      };
      seen.push(s);
      handle(s, res, seen);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/api/`), seen };
}

it('sends the method, headers and a UTF-8 body with its length; gives back status, headers and text', async () => {
  const { url, seen } = await serve((_s, res) => {
    res.writeHead(201, { 'Content-Type': 'application/json', 'Retry-After': '7' });
    res.end('{"ответ":"да"}');
  });
  const body = JSON.stringify({ surname: 'Іваноў' });
  const answer = await nodeTransport(new URL('v1/x?a=1', url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
    body,
    timeoutMs: 5000,
  });
  expect(answer.status).toBe(201);
  expect(answer.text).toBe('{"ответ":"да"}');
  expect(answer.header('Retry-After')).toBe('7');
  expect(answer.header('x-missing')).toBeNull();
  expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/x?a=1', body });
  expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  expect(seen[0]?.headers.authorization).toBe('Bearer t');
});

it('keeps the connection: requests one after another go over one socket', async () => {
  const { url, seen } = await serve((_s, res) => res.end('{}'));
  for (let i = 0; i < 3; i++) await nodeTransport(url, { method: 'GET', headers: {}, timeoutMs: 5000 });
  expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
});

it('sends a request once more on a new connection when a kept-alive one was closed under it', async () => {
  const { url, seen } = await serve((s, res, all) => {
    // The second request arrives on the kept-alive socket: the server drops it unanswered.
    if (all.length === 2) s.socket.destroy();
    else res.end(`{"n":${all.length}}`);
  });
  await nodeTransport(url, { method: 'GET', headers: {}, timeoutMs: 5000 });
  const answer = await nodeTransport(url, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 });
  expect(answer.text).toBe('{"n":3}');
  expect(seen).toHaveLength(3);
  expect(seen[2]?.socket).not.toBe(seen[0]?.socket);
});

it('a fresh connection dropped unanswered is no answer (not sent again)', async () => {
  const { url, seen } = await serve((s) => s.socket.destroy());
  await expect(nodeTransport(url, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 })).rejects.toThrow();
  expect(seen).toHaveLength(1);
});

it('no answer within the time allowed: a TimeoutError, and the client says network', async () => {
  const { url } = await serve(() => undefined);
  await expect(nodeTransport(url, { method: 'GET', headers: {}, timeoutMs: 150 })).rejects.toMatchObject({ name: 'TimeoutError' });
  const client = createCentralClient({ baseUrl: url.href, token: 't', timeoutMs: 150 });
  expect(await client.health()).toEqual({
    ok: false,
    failure: { kind: 'network', detail: 'TimeoutError: The operation was aborted due to timeout' },
  });
});

it('a redirect is refused, not followed (the token must not go elsewhere)', async () => {
  const { url, seen } = await serve((_s, res) => {
    res.writeHead(302, { Location: '/elsewhere' });
    res.end();
  });
  await expect(nodeTransport(url, { method: 'GET', headers: {}, timeoutMs: 5000 })).rejects.toThrow(/redirect refused \(HTTP 302\)/);
  expect(seen).toHaveLength(1);
});

it('a body over the limit is refused instead of held in memory', async () => {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const { url } = await serve((_s, res) => {
    res.writeHead(200);
    let sent = 0;
    const more = (): void => {
      while (sent <= MAX_RESPONSE_BYTES) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('error', () => undefined);
    more();
  });
  await expect(nodeTransport(url, { method: 'GET', headers: {}, timeoutMs: 20_000 })).rejects.toThrow(/response larger than/);
});

it('the client reads HTTP errors and Retry-After through it', async () => {
  const { url } = await serve((_s, res) => {
    res.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': '2' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }));
  });
  const client = createCentralClient({ baseUrl: url.href, token: 't', now: () => new Date('2026-12-05T10:00:00Z') });
  expect(await client.health()).toMatchObject({ ok: false, failure: { kind: 'http', status: 503, retryAfterMs: 2000 } });
});
