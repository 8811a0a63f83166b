/**
 * The simulator CLIs as a person (or the demo) runs them: child processes with standard input
 * closed, each creating its own socat pty pair at `--link PATH` (a path that does not exist yet),
 * opened here with the real serialport package as the app opens it. They stay up after their
 * input ends and stop cleanly on SIGTERM: exit 0, both links gone. Every wait is for an event
 * (an output line, data on the port, the exit), never a sleep.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { lstat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseZebraHsAnswer, type PrinterStatus } from '../../main/devices/zebra-status';
import { projectRoot } from '../harness';
import { encodeReaderFrame } from '../simulators/card-reader';

const TD3 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M30011563270287A012PB284';
const WAIT_MS = 15_000;

type Cli = {
  child: ChildProcess;
  stdout: Readable;
  exited: Promise<number | null>;
  out(): string;
  err(): string;
};

const running: Cli[] = [];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'okno-sim-cli-'));
});

afterEach(async () => {
  // A test that failed half-way still ends its simulator the clean way (socat and links go too).
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
    await cli.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

function startCli(script: string, args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/simulators/${script}`, ...args], {
    cwd: projectRoot,
    stdio: [stdin, 'pipe', 'pipe'],
  });
  const { stdout: out, stderr: err } = child;
  if (out === null || err === null) throw new Error('spawn without stdout/stderr pipes');
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cli: Cli = { child, stdout: out, exited, out: () => stdout, err: () => stderr };
  running.push(cli);
  return cli;
}

/** Resolves when stdout matches; rejects when the process exits first. */
function outputMatches(cli: Cli, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${String(pattern)} within ${WAIT_MS} ms; stdout: ${cli.out()}`)), WAIT_MS);
    const check = (): void => {
      if (pattern.test(cli.out())) done();
    };
    const onExit = (code: number | null): void => done(new Error(`exited (${code}) before ${String(pattern)}; ${cli.out()}${cli.err()}`));
    const done = (error?: Error): void => {
      clearTimeout(timer);
      cli.stdout.off('data', check);
      cli.child.off('exit', onExit);
      if (error === undefined) resolve();
      else reject(error);
    };
    cli.stdout.on('data', check);
    cli.child.once('exit', onExit);
    check();
    if (cli.child.exitCode !== null) onExit(cli.child.exitCode);
  });
}

async function openPort(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return port;
}

const closePort = (port: SerialPort): Promise<void> => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));

/** Resolves with everything received once `complete` holds for it. */
function receive(port: SerialPort, complete: (bytes: Buffer) => boolean, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let bytes = Buffer.alloc(0);
    const timer = setTimeout(() => {
      port.off('data', onData);
      reject(new Error(`no ${what} within ${WAIT_MS} ms; got ${JSON.stringify(bytes.toString('latin1'))}`));
    }, WAIT_MS);
    const onData = (chunk: Buffer): void => {
      bytes = Buffer.concat([bytes, chunk]);
      if (!complete(bytes)) return;
      clearTimeout(timer);
      port.off('data', onData);
      resolve(bytes);
    };
    port.on('data', onData);
  });
}

const ETX = 0x03;

/** Sends `~HS` and returns the three framed strings and the status the app's parser reads from them. */
async function hostStatus(port: SerialPort): Promise<{ strings: string[]; status: PrinterStatus }> {
  const answer = receive(port, (bytes) => bytes.filter((b) => b === ETX).length >= 3, 'the answer to ~HS');
  port.write('~HS');
  const bytes = await answer;
  // <STX>text<ETX><CR><LF>, three times: what stands between each STX and its ETX.
  const strings = bytes
    .toString('latin1')
    .split('\x03')
    .filter((part) => part.includes('\x02'))
    .map((part) => part.slice(part.lastIndexOf('\x02') + 1));
  return { strings, status: parseZebraHsAnswer(bytes) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function expectCleanStop(cli: Cli, link: string): Promise<void> {
  cli.child.kill('SIGTERM');
  expect(await cli.exited).toBe(0);
  expect(await exists(link)).toBe(false);
  expect(await exists(`${link}.sim`)).toBe(false);
  expect(cli.err()).toBe('');
}

describe('sim:printer', () => {
  it('with stdin closed, creates the pair at a new PATH, answers ~HS with three status strings, and stops on SIGTERM', async () => {
    const link = join(dir, 'ttyPrinter');
    expect(await exists(link)).toBe(false);
    const cli = startCli('label-printer-cli.ts', ['--link', link]);
    await outputMatches(cli, /^printer simulator on .*ttyPrinter;/m);
    await outputMatches(cli, /^standard input closed;/m);

    const port = await openPort(link);
    const { strings, status } = await hostStatus(port);
    expect(strings).toHaveLength(3);
    expect(status).toMatchObject({ paperOut: false, paused: false, headOpen: false, ribbonOut: false, formatsInBuffer: 0 });
    await closePort(port);

    expect(cli.child.exitCode).toBeNull();
    await expectCleanStop(cli, link);
  });

  it('`quit` on stdin ends it: exit 0, links gone', async () => {
    const link = join(dir, 'ttyPrinter');
    const cli = startCli('label-printer-cli.ts', ['--link', link], 'pipe');
    await outputMatches(cli, /^printer simulator on /m);
    cli.child.stdin?.write('paper-out\nstatus\n');
    await outputMatches(cli, /^\{"paperOut":true,.*"held":0,"printed":0\}$/m);

    const port = await openPort(link);
    expect((await hostStatus(port)).status.paperOut).toBe(true);
    await closePort(port);

    cli.child.stdin?.write('quit\n');
    expect(await cli.exited).toBe(0);
    expect(await exists(link)).toBe(false);
    expect(await exists(`${link}.sim`)).toBe(false);
  });
});

describe('sim:reader', () => {
  it('with stdin at /dev/null and no --file, stays up after its input ends and stops on SIGTERM', async () => {
    const link = join(dir, 'ttyReader');
    const cli = startCli('card-reader-cli.ts', ['--link', link]);
    await outputMatches(cli, /^Считыватель-симулятор: порт для приложения .*ttyReader /m);
    await outputMatches(cli, /^Ввод закрыт;/m);

    // The app's end is still there to open (socat is up) after the input has ended.
    const port = await openPort(link);
    await closePort(port);
    expect(cli.child.exitCode).toBeNull();
    await expectCleanStop(cli, link);
  });

  it('with --file and stdin closed, sends the MRZ to whoever opened PATH, then stays up until SIGTERM', async () => {
    const link = join(dir, 'ttyReader');
    // A FIFO as the file: the simulator sends only when the test writes it, after the port is open
    // (opening a serial port flushes whatever arrived before).
    const fifo = join(dir, 'mrz.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const cli = startCli('card-reader-cli.ts', ['--link', link, '--file', fifo]);
    await outputMatches(cli, /^Считыватель-симулятор: порт для приложения .*ttyReader /m);

    const port = await openPort(link);
    const frame = encodeReaderFrame(TD3, 'stx');
    const received = receive(port, (bytes) => bytes.length >= frame.length, 'the MRZ frame');
    await writeFile(fifo, `${TD3}\n`);
    expect(await received).toEqual(frame);
    await outputMatches(cli, /^отправлено$/m);
    await closePort(port);

    // Still up after sending: the port opens again.
    await closePort(await openPort(link));
    expect(cli.child.exitCode).toBeNull();
    await expectCleanStop(cli, link);
  });
});
