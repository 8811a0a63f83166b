/**
 * The loopback transport: the same router as the Electron ipc, as `POST /api/<channel>` with
 * JSON, and events as server-sent events on `/events`. Used by the browser harness and the
 * end-to-end tests.
 *
 * Who may talk to it (see clients.ts): opening the address the harness printed, with its per-launch
 * key, sets an HttpOnly, SameSite=Strict cookie that names a transport client and redirects to the
 * clean address, with the client's token in the fragment (`/#t=…`); without the key a page says to
 * open the printed address and no cookie is set. API calls must carry that cookie, its client's
 * token in `X-Okno-Token` (the cookie alone also reaches pages on other loopback ports; the token
 * only our origin's page holds) and the `X-Okno-Request` header (which a cross-site form cannot
 * send), an Origin, when sent, must be our own, and the Host header must be the loopback address we
 * listen on (against DNS rebinding). `/events` carries the token in its query. Signing in or out
 * moves the browser to a new client (a new cookie and token; the old ones are void), so a cookie
 * taken or planted before either is worth nothing after it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { defaultMessages, fail, fieldMessage, isEventName, type Result } from '../../preload/contract';
import type { App } from '../app';
import type { Logger } from '../log';
import { createTransportClients, type TransportClients } from './clients';
import { NO_KEY_PAGE } from './no-key-page';
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

const MAX_BODY = 1024 * 1024;

export interface HttpTransportOptions {
  app: App;
  staticDir: string;
  port: number;
  log: Logger;
  /** The clock of client lifetimes (default the system's); tests move it to expire clients. */
  now?: () => number;
}

export interface HttpTransport {
  /** The clean address (API calls, events). */
  url: string;
  /** The address with the per-launch key that a person opens: printed once, never logged. */
  openUrl: string;
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

/** Calls that start a session: it starts under a new client id that nobody else has seen. */
const STARTS_SESSION = new Set(['auth.login', 'setup.createAdmin']);
/** Calls after which the browser moves to a new client id (the old one is void). */
const ENDS_SESSION = new Set(['auth.logout']);
/** Tells the page its client changed, so it reopens its event stream under the new cookie. */
const ROTATED_HEADER = 'X-Okno-Client';
/** The client's token: sent by the page with every call, and to the page with a rotation. */
const TOKEN_HEADER = 'X-Okno-Token';
/** A page without its client's token (e.g. a new tab on the clean address) is sent here. */
const NO_TOKEN_PATH = '/no-key';

interface Stream {
  stop(): void;
}

export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const { app, log } = options;
  const sockets = new Set<Socket>();
  const streams = new Map<string, Set<Stream>>();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const clients: TransportClients = createTransportClients(port, options.now ?? Date.now);

  const hostAllowed = (req: IncomingMessage) => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  const originAllowed = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  };
  const headerOf = (req: IncomingMessage, name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  /** The client of an API call or event stream: its cookie with that client's token. */
  const clientOf = (req: IncomingMessage, token: string | undefined) => clients.clientOf(req.headers.cookie, token);

  /** A client the browser no longer uses (rotated or expired): its cookie, event streams and session end. */
  function retire(clientId: string) {
    clients.drop(clientId);
    // The streams first, so the session's end is not pushed to a page that has moved on.
    for (const s of streams.get(clientId) ?? []) s.stop();
    app.dropClient(clientId);
  }
  const sweep = () => {
    for (const id of clients.sweep()) retire(id);
  };
  const sweeper = setInterval(sweep, 60_000);
  sweeper.unref();

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
  const sendJson = (res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);

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

  /**
   * Runs the call; a call that starts or ends a session moves the browser to a new client. Login
   * runs under the new id from the start, so a request racing it with the old cookie never sees
   * the session; a failed login leaves the old client as it was.
   */
  async function callRotating(
    clientId: string,
    channel: string,
    input: unknown,
  ): Promise<{ result: Result<unknown>; next?: { setCookie: string; token: string } }> {
    if (STARTS_SESSION.has(channel)) {
      const next = clients.mint();
      const result = await app.router.call(next.id, channel, input);
      if (!result.ok) {
        retire(next.id);
        return { result };
      }
      retire(clientId);
      return { result, next };
    }
    const result = await app.router.call(clientId, channel, input);
    if (!ENDS_SESSION.has(channel) || !result.ok) return { result };
    const next = clients.mint();
    retire(clientId);
    return { result, next };
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string) {
    const clientId = clientOf(req, headerOf(req, 'x-okno-token'));
    if (!clientId || req.headers['x-okno-request'] !== '1' || !originAllowed(req)) {
      // Reloading does not help a page whose token is stale (another tab signed in or out): the printed address does.
      return sendJson(
        res,
        401,
        fail(
          'unauthenticated',
          'Страница устарела или открыта не из программы. Откройте адрес с ключом, который «Окно» напечатало при запуске.',
        ),
      );
    }
    const text = await readBody(req);
    if (text === null) return sendJson(res, 413, fail('validation', 'Слишком большой запрос.'));
    let input: unknown = {};
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        return sendJson(res, 200, fail('validation', defaultMessages.validation, { _: fieldMessage('request.not_json') }));
      }
    }
    const { result, next } = await callRotating(clientId, channel, input);
    // The new token in a header of our own origin's answer: no other origin can read it.
    sendJson(res, 200, result, next ? { 'Set-Cookie': next.setCookie, [ROTATED_HEADER]: 'rotated', [TOKEN_HEADER]: next.token } : {});
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL) {
    // EventSource cannot send headers: the token comes in the query (never logged: see the catch below).
    const clientId = clientOf(req, url.searchParams.get('t') ?? undefined);
    if (!clientId) return sendJson(res, 401, fail('unauthenticated', defaultMessages.unauthenticated));
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    const unlisten = app.bus.listen((target, event, payload) => {
      if (target !== null && target !== clientId) return;
      if (!isEventName(event)) return;
      // Broadcasts (settings, devices, labels, sync, decisions) are for a signed-in clerk; a page
      // without a session hears only app.* ones. What is addressed to this very client (its own
      // session locked or ended) always reaches it.
      if (target === null && !event.startsWith('app.') && !app.sessions.current(clientId)) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    ping.unref();
    const own = streams.get(clientId) ?? new Set<Stream>();
    streams.set(clientId, own);
    let stopped = false;
    const stream: Stream = {
      // Called when the browser goes and when the client is retired, whichever comes first.
      stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(ping);
        unlisten();
        own.delete(stream);
        if (own.size === 0 && streams.get(clientId) === own) streams.delete(clientId);
        res.end();
      },
    };
    own.add(stream);
    req.on('close', () => stream.stop());
  }

  async function handlePage(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname;
    const file = await readStatic(options.staticDir, path);
    const isPage = file ? file.isHtml : path === '/' || path === '/index.html';
    const headers: Record<string, string> = { 'Content-Security-Policy': CSP };
    const key = url.searchParams.get('key');
    if (path === NO_TOKEN_PATH) return send(res, 403, NO_KEY_PAGE, 'text/html; charset=utf-8', headers);
    if (key !== null && isPage && clients.keyMatches(key)) {
      // The key becomes a cookie (unless this browser has a live one: a second tab keeps the
      // first one's session) and leaves the address bar: the redirect is to the clean path, with
      // the client's token in the fragment, which the browser sends to no server.
      let id = clients.cookieClientOf(req.headers.cookie);
      if (!id) {
        const minted = clients.mint();
        id = minted.id;
        headers['Set-Cookie'] = minted.setCookie;
      }
      return send(res, 303, '', 'text/plain; charset=utf-8', { ...headers, Location: `${path}#t=${clients.tokenOf(id)}` });
    }
    // The page itself is static (no data): a live cookie is enough to get it; what it asks for needs the token.
    if (isPage && (key !== null || !clients.cookieClientOf(req.headers.cookie)))
      return send(res, 403, NO_KEY_PAGE, 'text/html; charset=utf-8', headers);
    if (file) return send(res, 200, file.body, file.type, headers);
    if (isPage) return send(res, 503, 'Интерфейс не собран: выполните npm run build.', 'text/plain; charset=utf-8', headers);
    return send(res, 404, 'Не найдено', 'text/plain; charset=utf-8');
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = async () => {
      if (!hostAllowed(req)) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
      sweep();
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain; charset=utf-8', { Allow: 'POST' });
        return handleApi(req, res, channelOf(url.pathname));
      }
      if (url.pathname === '/events' && req.method === 'GET') return handleEvents(req, res, url);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only', 'text/plain; charset=utf-8', { Allow: 'GET' });
      return handlePage(req, res, url);
    };
    route().catch((error: unknown) => {
      // The path only: the query may hold the key or a client token.
      log.error('http transport failure', { error, path: url.pathname });
      if (!res.headersSent) sendJson(res, 500, fail('internal', defaultMessages.internal));
      else res.end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}?key=${clients.key}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Calls in flight finish (their transactions commit) before the database is closed;
        // connections that hang on are cut after a grace period.
        clearInterval(sweeper);
        for (const own of [...streams.values()]) for (const s of [...own]) s.stop();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 3000).unref();
      }),
  };
}
