/**
 * A socat pseudo-terminal pair for the printer tests (TOOLCHAIN.md §2): `appPath` is the end the
 * app opens, `simPath` the end the simulator opens. Ready when socat has created both links and
 * says it started its transfer loop (read from its `-d -d` log; no fixed sleeps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  readonly appPath: string;
  readonly simPath: string;
  readonly process: ChildProcess;
  /** Kills socat (the "unplug") and removes the temporary folder. */
  close(): Promise<void>;
}

export async function createPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'okno-printer-pty-'));
  const appPath = join(dir, 'app');
  const simPath = join(dir, 'sim');
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${simPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`socat did not start within ${timeoutMs} ms: ${log}`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.once('error', fail);
    const onExit = (code: number | null) => fail(new Error(`socat exited (${code}): ${log}`));
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (/starting data transfer loop/.test(log)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  child.stderr?.resume();
  return {
    appPath,
    simPath,
    process: child,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
