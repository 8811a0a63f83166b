/**
 * HTTP for the registry client (client.ts). By default node:http(s) over kept-alive connections:
 * the drain sends a request of 100 items every few milliseconds, and WHATWG fetch (undici) cost
 * about 2 ms of main-thread CPU per request in its profile, on a machine whose two cores the drain
 * shares with everything else (issue 18). A given `fetch` (tests, the readiness checks) is adapted.
 *
 * A transport resolves with any HTTP answer and rejects only when there is none (refused, reset,
 * TLS, timeout, a redirect, an oversized body): the client turns that into a `network` failure.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type TransportRequest = {
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
};

export type TransportResponse = { status: number; header(name: string): string | null; text: string };

export type Transport = (url: URL, request: TransportRequest) => Promise<TransportResponse>;

/** No answer of the contract comes near this; a larger body is refused rather than held in memory. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const failure = (name: string, message: string): Error => Object.assign(new Error(message), { name });

export function fetchTransport(doFetch: typeof fetch): Transport {
  return async (url, { method, headers, body, timeoutMs }) => {
    const response = await doFetch(url, {
      method,
      headers,
      ...(body !== undefined && { body }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await response.text();
    return { status: response.status, header: (name) => response.headers.get(name), text };
  };
}

// One pool of connections for the process, as fetch has: every client (one per sync run) shares it.
let agents: { http: HttpAgent; https: HttpsAgent } | null = null;
const agentsOf = () => (agents ??= { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) });

function exchange(url: URL, { method, headers, body, timeoutMs }: TransportRequest, deadline: number): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return reject(failure('TypeError', `unsupported protocol ${url.protocol}`));
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const options = {
      method,
      headers: { ...headers, ...(payload !== undefined && { 'Content-Length': String(payload.length) }) },
      agent: secure ? agentsOf().https : agentsOf().http,
    };
    const req = secure ? httpsRequest(url, options) : httpRequest(url, options);
    const timer = setTimeout(
      () => req.destroy(failure('TimeoutError', 'The operation was aborted due to timeout')),
      Math.max(0, deadline - Date.now()),
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed while it was idle: the request did not reach it, so
      // it is sent once more on a new connection (Node's documented pattern for reused sockets). Were it
      // processed after all, a submission is idempotent on its id and a phone code is merely sent again.
      if (req.reusedSocket && error.code === 'ECONNRESET' && Date.now() < deadline) {
        clearTimeout(timer);
        exchange(url, { method, headers, ...(body !== undefined && { body }), timeoutMs }, deadline).then(resolve, reject);
        return;
      }
      fail(error);
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        req.destroy(failure('TypeError', `redirect refused (HTTP ${status})`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(failure('RangeError', `response larger than ${MAX_RESPONSE_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const header = (name: string): string | null => {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        };
        resolve({ status, header, text: Buffer.concat(chunks, size).toString('utf8') });
      });
    });
    req.end(payload);
  });
}

export const nodeTransport: Transport = (url, request) => exchange(url, request, Date.now() + request.timeoutMs);
