/**
 * What the simulator CLIs (sim:reader, sim:printer) share: `--link PATH`, the socat pty pair with
 * the app's end at PATH and the simulator's at `${PATH}.sim`, standard input read line by line,
 * and the one way out. Standard input ending (Ctrl+D, a finished pipe, /dev/null) stops nothing:
 * the simulator runs until SIGINT or SIGTERM (or `stop()`, e.g. a `quit` command), then closes its
 * port and the pair (socat removes both links) and exits 0. A failure closes them too, exit 1.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createPtyPair, type PtyPair } from './pty';

export type Closable = { close(): Promise<void> };

export type SimOnPty<S extends Closable> = {
  pair: PtyPair;
  sim: S;
  /** Closes the simulator's port and the pair, then exits 0. */
  stop(): Promise<never>;
};

/** Prints `usage` (and why) to stderr and exits 2. */
export function usageError(usage: string, why?: string): never {
  process.stderr.write(`${why === undefined ? '' : `${why}\n`}${usage}\n`);
  process.exit(2);
}

/** `--link PATH` and the string options `names`; anything else is a usage error. */
export function parseSimArgs<K extends string>(usage: string, names: readonly K[] = []): { link: string } & Partial<Record<K, string>> {
  const options: Record<string, { type: 'string' }> = { link: { type: 'string' } };
  for (const name of names) options[name] = { type: 'string' };
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ options }).values;
  } catch (error) {
    return usageError(usage, error instanceof Error ? error.message : String(error));
  }
  const link = values['link'];
  if (typeof link !== 'string' || link.length === 0) return usageError(usage);
  const picked: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = values[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return { ...picked, link };
}

/** What a failure must close before the process exits (socat would outlive it, links and all). */
let current: { close(): Promise<void> } | null = null;

/**
 * Creates the pair with its device end at `link`, opens the simulator on the other end and takes
 * SIGINT/SIGTERM (from the start: a signal while socat is starting still ends it cleanly).
 */
export async function startOnPty<S extends Closable>(link: string, open: (simPath: string) => Promise<S>): Promise<SimOnPty<S>> {
  let ready: SimOnPty<S> | null = null;
  let stopAsked = false;
  const onSignal = (): void => {
    stopAsked = true;
    if (ready !== null) void ready.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const pair = await createPtyPair({ devicePath: link, simPath: `${link}.sim` });
  let sim: S;
  try {
    sim = await open(pair.simPath);
  } catch (error) {
    await pair.close();
    throw error;
  }
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= sim.close().then(() => pair.close());
    return closing;
  };
  current = { close };
  ready = {
    pair,
    sim,
    stop: async () => {
      await close();
      process.exit(0);
    },
  };
  if (stopAsked) void ready.stop();
  return ready;
}

/**
 * Feeds each line of standard input to `onLine`, one at a time; when the input ends, runs `onEnd`,
 * prints `closedNote` and resolves. The simulator goes on: only a signal or `stop()` ends it.
 */
export async function readStdinLines(options: {
  onLine: (line: string) => void | Promise<void>;
  onEnd?: () => Promise<void>;
  closedNote: string;
}): Promise<void> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) await options.onLine(line);
  await options.onEnd?.();
  process.stdout.write(`${options.closedNote}\n`);
}

/** Runs a CLI's main: an error is printed, the pair (if any) closed, exit 1. */
export function runSimCli(main: () => Promise<void>): void {
  main().catch(async (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    await current?.close();
    process.exit(1);
  });
}
