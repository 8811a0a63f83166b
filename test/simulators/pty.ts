/**
 * A socat pseudo-terminal pair (TOOLCHAIN.md 2): the app opens `devicePath`, a simulator opens
 * `simPath`. Killing socat is an "unplug": the app's port closes as disconnected and the links go.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PtyPair = { devicePath: string; simPath: string; pid: number; close(): Promise<void> };

export type PtyOptions = { devicePath?: string; simPath?: string; timeoutMs?: number; socat?: string };

const exists = async (path: string): Promise<boolean> => {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
};

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function createPtyPair(options: PtyOptions = {}): Promise<PtyPair> {
  const dir = options.devicePath === undefined || options.simPath === undefined ? await mkdtemp(join(tmpdir(), 'okno-pty-')) : '';
  const devicePath = options.devicePath ?? join(dir, 'ttyDevice');
  const simPath = options.simPath ?? join(dir, 'ttySim');
  const timeoutMs = options.timeoutMs ?? 5000;

  const child = spawn(
    options.socat ?? '/usr/bin/socat',
    ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${simPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });

  const close = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    await exit;
    // socat removes its links on exit; wait for it so a new pair can take the same paths.
    const deadline = Date.now() + timeoutMs;
    while ((await exists(devicePath)) || (await exists(simPath))) {
      if (Date.now() > deadline) throw new Error(`pty links still present after socat exit: ${devicePath}`);
      await tick(5);
    }
  };

  const deadline = Date.now() + timeoutMs;
  while (!((await exists(devicePath)) && (await exists(simPath)))) {
    if (exited) throw new Error(`socat exited before creating the pty pair: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      await close().catch(() => undefined);
      throw new Error(`socat did not create ${devicePath} and ${simPath} within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    await tick(5);
  }
  if (child.pid === undefined) throw new Error('socat has no pid');
  return { devicePath, simPath, pid: child.pid, close };
}
