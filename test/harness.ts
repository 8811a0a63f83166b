/**
 * Starts the built browser harness (out/main/web.js) as a child process on a free port with
 * its own data directory, and waits for its "listening" line — never for a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const harnessEntry = join(projectRoot, 'out', 'main', 'web.js');

export interface Harness {
  /** The address the harness printed, with its key: what a person (or a test's browser) opens. */
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for a clean exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash case. */
  kill(): Promise<void>;
}

/** The harness's one line on stdout: its address with the per-launch key. */
export const LISTENING = /Okno is listening on (http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]{43})\n/;

export function tempDir(prefix = 'okno-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startHarness(
  options: { dataDir?: string; args?: string[]; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? tempDir();
  // nodeArgs: e.g. --cpu-prof for a benchmark's profile (Node refuses it in NODE_OPTIONS).
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), harnessEntry, '--data-dir', dataDir, '--port', '0', ...(options.args ?? [])],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`harness did not start in time:\n${out}`)), options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = LISTENING.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    process: child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/**
 * A scripted client of the HTTP transport: opens the printed address (with its key) like a browser
 * and keeps the cookie the transport sets and the token the redirect's fragment carries, like the
 * page does, also the new ones it gets at login and logout.
 */
export class HttpClient {
  /** The transport cookie (`okno_client_<port>=…`). */
  cookie = '';
  /** The client's token, sent with the cookie (`X-Okno-Token`, or `?t=` on the event stream). */
  token = '';
  /** `openUrl`: the address with the key; calls go to its clean form. */
  constructor(readonly openUrl: string) {}

  get baseUrl(): string {
    return new URL('/', this.openUrl).href;
  }

  async connect(): Promise<this> {
    const res = await fetch(this.openUrl, { redirect: 'manual' });
    await res.arrayBuffer();
    if (!this.adopt(res)) throw new Error(`harness did not set the transport cookie (HTTP ${res.status})`);
    const fragment = /#t=([\w-]{43})$/.exec(res.headers.get('location') ?? '');
    if (!fragment?.[1]) throw new Error('harness did not give the client token in the redirect');
    this.token = fragment[1];
    return this;
  }

  /** Takes the transport cookie a response sets and the token that comes with it; true when there was one. */
  adopt(res: Response): boolean {
    const set = res.headers.getSetCookie().find((c) => c.startsWith('okno_client_'));
    if (!set) return false;
    this.cookie = set.split(';')[0] ?? '';
    this.token = res.headers.get('x-okno-token') ?? this.token;
    return true;
  }

  /** The event stream's address (EventSource sends no headers: the token goes in the query). */
  get eventsUrl(): string {
    return new URL(`events?t=${encodeURIComponent(this.token)}`, this.baseUrl).href;
  }

  async call<T = unknown>(
    channel: string,
    input: unknown = {},
  ): Promise<
    | { ok: true; value: T }
    | {
        ok: false;
        error: {
          code: string;
          message: string;
          fields?: Record<string, string>;
          reason?: { code: string; params?: Record<string, string> };
        };
      }
  > {
    const res = await fetch(new URL(`api/${channel}`, this.baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1', 'X-Okno-Token': this.token, Cookie: this.cookie },
      body: JSON.stringify(input),
    });
    this.adopt(res);
    return (await res.json()) as never;
  }
}

/**
 * Reads the harness's own event stream until `done` says so, signed in as `account` (a page without
 * a session hears no status events). `first` runs once the stream is open (to look at the current
 * state, which an event may already have passed).
 */
export async function watchEvents(
  h: Pick<Harness, 'url'>,
  account: { login: string; password: string },
  done: (event: string, data: unknown) => boolean,
  timeoutMs: number,
  first?: (client: HttpClient) => Promise<boolean>,
): Promise<void> {
  const client = await new HttpClient(h.url).connect();
  // Before the stream opens: signing in moves the client to a new cookie.
  const signedIn = await client.call('auth.login', account);
  if (!signedIn.ok) throw new Error(`watchEvents: sign-in failed: ${signedIn.error.code}`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(client.eventsUrl, { headers: { Cookie: client.cookie }, signal: controller.signal });
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no event stream');
    if (first && (await first(client))) return;
    await eventStream(reader)((event, data) => data !== '' && done(event, JSON.parse(data)));
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** What the transport answered to a raw request, or the socket error when it answered nothing. */
export type RawAnswer =
  { status: number; contentType: string; text: string; setCookie: string[]; token: string | null } | { error: string };

/**
 * One HTTP request exactly as given (path unnormalised, any body, any headers, chunked or not):
 * for the fuzz and the transport checks, which send what no well-behaved client would. A fresh
 * connection each time unless an agent is given, so a socket the server closed is never reused.
 */
export function rawRequest(
  baseUrl: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    chunked?: boolean;
    agent?: Agent;
  },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && !options.chunked) headers['Content-Length'] = String(body.length);
  return new Promise((resolve) => {
    const req = request(
      { host: url.hostname, port: url.port, path: options.path, method: options.method ?? 'POST', headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
            setCookie: res.headers['set-cookie'] ?? [],
            token: typeof res.headers['x-okno-token'] === 'string' ? res.headers['x-okno-token'] : null,
          }),
        );
        res.on('error', (e) => resolve({ error: e.message }));
      },
    );
    req.on('error', (e) => resolve({ error: `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}` }));
    if (body !== undefined && options.chunked) {
      // Several chunks, so the server's body reader sees a stream rather than one buffer.
      const step = Math.max(1, Math.ceil(body.length / 3));
      for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
      req.end();
    } else req.end(body);
  });
}

/**
 * Server-sent events from a response body: each call reads (what is buffered first) until
 * `until(event, data)` says so; `data` is the raw text, '' when the event has none.
 */
export function eventStream(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const decoder = new TextDecoder();
  let text = '';
  return async (until: (event: string, data: string) => boolean): Promise<void> => {
    for (;;) {
      let end;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        if (event && until(event, /^data: (.+)$/m.exec(block)?.[1] ?? '')) return;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      text += decoder.decode(value, { stream: true });
    }
  };
}
