/**
 * The reference registry on the wire: node:http on 127.0.0.1, request bodies up to the limit, the
 * injected faults (faults.ts) applied around the router, and a listener that can be taken down and
 * brought back on the same port while the state and the decisions go on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type FaultKind, type FaultSpec, planFault, type Prng } from './faults';
import { MAX_BODY_BYTES, problem, type Reply, type Router } from './http';

/** Bodies that are not JSON, or JSON that fits no response schema of the contract. */
const GARBAGE = [
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  '{"results": [{"id": "',
  '{"status":"maybe","items":"none","results":42,"verified":"yes"}',
] as const;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const readBody = (req: IncomingMessage): Promise<Buffer | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });

const send = (res: ServerResponse, reply: Reply): void => {
  if (res.destroyed || res.socket?.destroyed === true) return;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
};

export type ListenerOptions = {
  port: number;
  route: Router;
  /** Read on every request: setFaults() takes effect at once. */
  faults: () => FaultSpec;
  faultPrng: Prng;
  /** Counts every request, faulted ones included. */
  onRequest: () => void;
  onFault: (kind: FaultKind) => void;
};

export interface Listener {
  readonly port: number;
  readonly listening: boolean;
  listen(): Promise<void>;
  /** Takes the listener down (open connections are cut). */
  stop(): Promise<void>;
}

export function createListener(options: ListenerOptions): Listener {
  const { route, faultPrng } = options;

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    options.onRequest();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const plan = url.pathname.startsWith('/_test/')
      ? { kind: null, delayMs: 0 }
      : planFault(options.faults(), faultPrng, url.pathname === '/v1/health');
    if (plan.kind !== null) options.onFault(plan.kind);
    if (plan.delayMs > 0) await delay(plan.delayMs);
    if (plan.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    switch (plan.kind) {
      case '500':
        return send(res, problem(500, 'internal', 'Internal Server Error', { detail: 'Injected fault.' }));
      case '503':
        return send(
          res,
          problem(503, 'unavailable', 'Service Unavailable', { detail: 'Injected fault.', headers: { 'Retry-After': '1' } }),
        );
      case '429':
        return send(res, problem(429, 'rate-limited', 'Too Many Requests', { detail: 'Injected fault.', headers: { 'Retry-After': '1' } }));
      default:
        break;
    }
    const reply = route(req, url, raw);
    if (plan.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    if (plan.kind === 'garbage') {
      const body = GARBAGE[faultPrng.int(0, GARBAGE.length - 1)] ?? GARBAGE[0];
      return send(res, { status: 200, headers: { 'Content-Type': 'application/json' }, body });
    }
    send(res, reply);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch((error: unknown) => {
      // A socket cut by stop() or by the client is not an error of the server.
      if (req.socket.destroyed) return;
      process.stderr.write(`central: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      send(res, problem(500, 'internal', 'Internal Server Error'));
    });
  };

  let server: Server | null = null;
  const sockets = new Set<Socket>();
  let port = options.port;

  return {
    get port() {
      return port;
    },
    get listening() {
      return server !== null;
    },
    async listen() {
      const s = createServer(onRequest);
      s.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => {
          s.off('error', reject);
          resolve();
        });
      });
      port = (s.address() as AddressInfo).port;
      server = s;
    },
    async stop() {
      const s = server;
      if (s === null) return;
      server = null;
      const done = new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}
