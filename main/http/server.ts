/**
 * The loopback transport: the same router as the Electron ipc, as `POST /api/<channel>` with
 * JSON, and events as server-sent events on `/events`. Used by the browser harness and the
 * end-to-end tests.
 *
 * Who may talk to it: opening the page sets an HttpOnly, SameSite=Strict cookie that names a
 * transport client and is signed with a secret made at each launch (a cookie from another
 * launch is void). API calls must carry that cookie and the `X-Okno-Request` header (which a
 * cross-site form cannot send), an Origin, when sent, must be our own, and the Host header must be the
 * loopback address we listen on (against DNS rebinding).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { defaultMessages, fail, isEventName } from '../../preload/contract';
import type { App } from '../app';
import type { Logger } from '../log';
import { readStatic } from './static';

/**
 * The page's Content-Security-Policy, sent with every page by this transport and by the Electron
 * `app://` protocol. Scripts only from our own files (no inline code, no eval); no plugins, frames,
 * workers, forms or <base>. Exports are Blobs saved through `<a download>`, which the policy does
 * not restrict. Checked by test/unit/csp.test.ts.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COOKIE = 'okno_client';
const MAX_BODY = 1024 * 1024;

export interface HttpTransportOptions {
  app: App;
  staticDir: string;
  port: number;
  log: Logger;
}

export interface HttpTransport {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The channel `/api/<channel>` names; a path that is not valid percent-encoding names none ('' is no channel). */
function channelOf(pathname: string): string {
  try {
    return decodeURIComponent(pathname.slice('/api/'.length));
  } catch {
    return '';
  }
}

export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const { app, log } = options;
  const secret = randomBytes(32);
  const sign = (clientId: string) => createHmac('sha256', secret).update(clientId).digest('base64url');
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  let port = options.port;

  function clientOf(req: IncomingMessage): string | null {
    const cookies = req.headers.cookie?.split(';') ?? [];
    for (const c of cookies) {
      const [name, value] = c.trim().split('=');
      if (name !== COOKIE || !value) continue;
      const [id, mac] = value.split('.');
      if (!id || !mac) return null;
      const expected = Buffer.from(sign(id));
      const given = Buffer.from(mac);
      return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
    }
    return null;
  }

  const hostAllowed = (req: IncomingMessage) => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  const originAllowed = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  };

  function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      ...extra,
    });
    res.end(body);
  }
  const sendJson = (res: ServerResponse, status: number, value: unknown) =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

  async function readBody(req: IncomingMessage): Promise<string | null> {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY) return null;
      chunks.push(buf);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string) {
    const clientId = clientOf(req);
    if (!clientId || req.headers['x-okno-request'] !== '1' || !originAllowed(req)) {
      return sendJson(res, 401, fail('unauthenticated', 'Страница устарела или открыта не из программы. Обновите страницу.'));
    }
    const text = await readBody(req);
    if (text === null) return sendJson(res, 413, fail('validation', 'Слишком большой запрос.'));
    let input: unknown = {};
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        return sendJson(res, 200, fail('validation', defaultMessages.validation, { _: 'Тело запроса — не JSON.' }));
      }
    }
    sendJson(res, 200, await app.router.call(clientId, channel, input));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse) {
    const clientId = clientOf(req);
    if (!clientId) return sendJson(res, 401, fail('unauthenticated', defaultMessages.unauthenticated));
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    streams.add(res);
    const unlisten = app.bus.listen((target, event, payload) => {
      if (target !== null && target !== clientId) return;
      if (!isEventName(event)) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    ping.unref();
    req.on('close', () => {
      clearInterval(ping);
      unlisten();
      streams.delete(res);
    });
  }

  async function handlePage(req: IncomingMessage, res: ServerResponse, path: string) {
    const file = await readStatic(options.staticDir, path);
    const isPage = file ? file.isHtml : path === '/' || path === '/index.html';
    const headers: Record<string, string> = { 'Content-Security-Policy': CSP };
    // Opening the page is what logs a browser in to the transport.
    if (isPage && !clientOf(req)) {
      const id = randomUUID();
      headers['Set-Cookie'] = `${COOKIE}=${id}.${sign(id)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    if (file) return send(res, 200, file.body, file.type, headers);
    if (isPage) return send(res, 503, 'Интерфейс не собран: выполните npm run build.', 'text/plain; charset=utf-8', headers);
    return send(res, 404, 'Не найдено', 'text/plain; charset=utf-8');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = async () => {
      if (!hostAllowed(req)) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain; charset=utf-8', { Allow: 'POST' });
        return handleApi(req, res, channelOf(url.pathname));
      }
      if (url.pathname === '/events' && req.method === 'GET') return handleEvents(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only', 'text/plain; charset=utf-8', { Allow: 'GET' });
      return handlePage(req, res, url.pathname);
    };
    route().catch((error: unknown) => {
      log.error('http transport failure', { error, path: url.pathname });
      if (!res.headersSent) sendJson(res, 500, fail('internal', defaultMessages.internal));
      else res.end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Calls in flight finish (their transactions commit) before the database is closed;
        // connections that hang on are cut after a grace period.
        for (const r of streams) r.end();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 3000).unref();
      }),
  };
}
