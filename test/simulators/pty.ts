/**
 * A socat pseudo-terminal pair (it opens like a COM port, but `SerialPort.list()` does not list it
 * and DTR/RTS fail): the app opens `devicePath`, a simulator opens `simPath`. Ready when socat
 * says it entered its transfer loop (both links exist by then; read from its `-d -d` log, no
 * polling). Killing socat is an "unplug": the app's port closes as
 * disconnected; socat removes both links before it exits, so a new pair can take the same paths.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PtyPair = { devicePath: string; simPath: string; pid: number; close(): Promise<void> };

export type PtyOptions = { devicePath?: string; simPath?: string; timeoutMs?: number; socat?: string };

export async function createPtyPair(options: PtyOptions = {}): Promise<PtyPair> {
  const dir = options.devicePath === undefined || options.simPath === undefined ? mkdtempSync(join(tmpdir(), 'okno-pty-')) : null;
  const devicePath = options.devicePath ?? join(dir ?? '', 'ttyDevice');
  const simPath = options.simPath ?? join(dir ?? '', 'ttySim');
  const timeoutMs = options.timeoutMs ?? 5000;

  const child = spawn(
    options.socat ?? '/usr/bin/socat',
    ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${simPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  };

  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => failed(e.message);
    const onExit = (code: number | null) => failed(`exited (${code}) before the pair was ready`);
    const done = () => {
      clearTimeout(timer);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    const failed = (why: string) => {
      done();
      child.kill('SIGKILL');
      reject(new Error(`socat: ${why}: ${log.trim()}`));
    };
    const timer = setTimeout(() => failed(`no pty pair within ${timeoutMs} ms`), timeoutMs);
    child.once('error', onError);
    child.once('exit', onExit);
    child.stderr.on('data', (d: Buffer) => {
      if (log.length < 8000) log += d.toString();
      if (/starting data transfer loop/.test(log)) {
        done();
        resolve();
      }
    });
  });
  child.stderr.resume();
  if (child.pid === undefined) throw new Error('socat has no pid');
  return { devicePath, simPath, pid: child.pid, close };
}
