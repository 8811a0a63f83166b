/**
 * Starts the built browser harness (out/main/web.js) as a child process on a free port with
 * its own data directory, and waits for its "listening" line — never for a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const harnessEntry = join(projectRoot, 'out', 'main', 'web.js');

export interface Harness {
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

export function tempDir(prefix = 'okno-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startHarness(options: { dataDir?: string; args?: string[]; timeoutMs?: number } = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? tempDir();
  const child = spawn(process.execPath, [harnessEntry, '--data-dir', dataDir, '--port', '0', ...(options.args ?? [])], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`harness did not start in time:\n${out}`)), options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Okno is listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
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

/** A scripted client of the HTTP transport: gets its cookie from the page like a browser. */
export class HttpClient {
  /** The transport cookie (for the event stream). */
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async connect(): Promise<this> {
    const res = await fetch(this.baseUrl);
    const set = res.headers.get('set-cookie');
    if (!set) throw new Error('harness did not set the transport cookie');
    this.cookie = set.split(';')[0] ?? '';
    await res.arrayBuffer();
    return this;
  }

  async call<T = unknown>(
    channel: string,
    input: unknown = {},
  ): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } }> {
    const res = await fetch(new URL(`api/${channel}`, this.baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1', Cookie: this.cookie },
      body: JSON.stringify(input),
    });
    return (await res.json()) as never;
  }
}
