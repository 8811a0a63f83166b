/**
 * The MRZ card reader as a device (DESIGN.md 6): a serial link, the tolerant framer, the MRZ
 * parser; `scan` and `status` events; reconnect with backoff when the port goes away. Each scan
 * carries an id and can be taken once. Raw MRZ text is never logged or put into an error.
 */
import { randomUUID } from 'node:crypto';
import { parseMrz, type MrzErrorCode, type MrzResult } from '../domain/mrz';
import { createReaderFramer, type FramerOutput, type ReaderFramerOptions, type ReaderFraming } from './reader-framer';
import { openSerialLink, type OpenSerialLink, type SerialLink, type SerialOpenErrorCode, type SerialSettings } from './serial-link';
import type { Logger } from '../log';

export type CardReaderStatus =
  | { state: 'ready' }
  | { state: 'disconnected' }
  /** `reason` is Russian and meant for the clerk. */
  | { state: 'error'; code: SerialOpenErrorCode; reason: string };

export type MrzRead = Extract<MrzResult, { ok: true }>;
export type ScanErrorCode = MrzErrorCode | 'unreadable';
/** A bad read: the reason only, never the characters read; fills nothing. */
export type ScanError = { code: ScanErrorCode; message: string; line?: number; position?: number };

export type CardReaderScan = { id: string; at: number; framing: ReaderFraming | null } & (
  { ok: true; read: MrzRead } | { ok: false; error: ScanError }
);

export type CardReaderOptions = {
  serial: SerialSettings;
  /** Defaults to the real `openSerialLink`. */
  open?: OpenSerialLink;
  /** 'YYYY-MM-DD' of the local calendar day (expiry checks). */
  today: () => string;
  now?: () => number;
  framer?: ReaderFramerOptions;
  /** Reconnect delay: starts at `initialMs`, doubles up to `maxMs`. Defaults 250 / 2000. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Scans kept for `take` (oldest dropped first). Default 20. */
  keepScans?: number;
  logger?: Logger;
};

export interface CardReader {
  start(): void;
  stop(): Promise<void>;
  status(): CardReaderStatus;
  onScan(listener: (scan: CardReaderScan) => void): () => void;
  onStatus(listener: (status: CardReaderStatus) => void): () => void;
  /** The scan with this id, once; null when unknown or already taken. */
  take(id: string): CardReaderScan | null;
}

const UNREADABLE: ScanError = {
  code: 'unreadable',
  message: 'Считыватель передал нераспознаваемые данные. Положите документ страницей с MRZ на стекло и повторите считывание.',
};

const sameStatus = (a: CardReaderStatus, b: CardReaderStatus): boolean =>
  a.state === b.state && (a.state !== 'error' || b.state !== 'error' || (a.code === b.code && a.reason === b.reason));

export function createCardReader(options: CardReaderOptions): CardReader {
  const open = options.open ?? openSerialLink;
  const now = options.now ?? Date.now;
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 2000;
  const keep = options.keepScans ?? 20;
  const log = options.logger;
  const framer = createReaderFramer(options.framer);

  const scanListeners = new Set<(scan: CardReaderScan) => void>();
  const statusListeners = new Set<(status: CardReaderStatus) => void>();
  const pending = new Map<string, CardReaderScan>();

  let current: CardReaderStatus = { state: 'disconnected' };
  let link: SerialLink | null = null;
  let running = false;
  let delay = initialMs;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let frameTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on stop/start so a late open result from an old attempt is closed, not used. */
  let generation = 0;

  const setStatus = (next: CardReaderStatus): void => {
    if (sameStatus(current, next)) return;
    current = next;
    log?.info('card reader status', { state: next.state, port: options.serial.path });
    for (const l of [...statusListeners]) l(next);
  };

  const publish = (scan: CardReaderScan): void => {
    pending.set(scan.id, scan);
    while (pending.size > keep) {
      const oldest = pending.keys().next().value;
      if (oldest === undefined) break;
      pending.delete(oldest);
    }
    log?.info('card reader scan', { ok: scan.ok, code: scan.ok ? undefined : scan.error.code, framing: scan.framing });
    for (const l of [...scanListeners]) l(scan);
  };

  const handle = (outputs: FramerOutput[]): void => {
    for (const output of outputs) {
      const base = { id: randomUUID(), at: now() };
      if (output.kind === 'noise') {
        publish({ ...base, framing: null, ok: false, error: UNREADABLE });
        continue;
      }
      const result = parseMrz(output.text, { today: options.today() });
      if (result.ok) {
        publish({ ...base, framing: output.framing, ok: true, read: result });
      } else {
        const { code, message, line, position } = result.error;
        const error: ScanError = { code, message };
        if (line !== undefined) error.line = line;
        if (position !== undefined) error.position = position;
        publish({ ...base, framing: output.framing, ok: false, error });
      }
    }
  };

  const armFrameTimer = (): void => {
    if (frameTimer !== null) clearTimeout(frameTimer);
    frameTimer = null;
    const due = framer.deadline();
    if (due === null) return;
    frameTimer = setTimeout(
      () => {
        frameTimer = null;
        handle(framer.tick(Math.max(now(), due)));
        armFrameTimer();
      },
      Math.max(0, due - now()),
    );
  };

  const scheduleRetry = (): void => {
    if (!running || retryTimer !== null) return;
    const wait = delay;
    delay = Math.min(delay * 2, maxMs);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, wait);
  };

  const connect = async (): Promise<void> => {
    const mine = generation;
    let result;
    try {
      result = await open(options.serial);
    } catch (error) {
      result = {
        ok: false as const,
        error: { code: 'open_failed' as const, message: `Не удалось открыть порт ${options.serial.path}.` },
      };
      log?.warn('card reader open threw', { error });
    }
    if (!running || mine !== generation) {
      if (result.ok) await result.link.close();
      return;
    }
    if (!result.ok) {
      setStatus(
        result.error.code === 'not_found'
          ? { state: 'disconnected' }
          : { state: 'error', code: result.error.code, reason: result.error.message },
      );
      scheduleRetry();
      return;
    }
    const opened = result.link;
    link = opened;
    delay = initialMs;
    framer.reset();
    opened.onData((chunk) => {
      handle(framer.push(chunk, now()));
      armFrameTimer();
    });
    opened.onClose((disconnected) => {
      if (link !== opened) return;
      link = null;
      // Bytes of an unfinished read are dropped: a read never spans two connections.
      framer.reset();
      armFrameTimer();
      if (!running) return;
      log?.warn('card reader port closed', { port: options.serial.path, disconnected });
      setStatus({ state: 'disconnected' });
      scheduleRetry();
    });
    setStatus({ state: 'ready' });
  };

  return {
    start() {
      if (running) return;
      running = true;
      generation += 1;
      delay = initialMs;
      void connect();
    },
    async stop() {
      running = false;
      generation += 1;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      if (frameTimer !== null) clearTimeout(frameTimer);
      frameTimer = null;
      framer.reset();
      const closing = link;
      link = null;
      if (closing !== null) await closing.close();
      setStatus({ state: 'disconnected' });
    },
    status: () => current,
    onScan(listener) {
      scanListeners.add(listener);
      return () => scanListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    take(id) {
      const scan = pending.get(id);
      if (scan === undefined) return null;
      pending.delete(id);
      return scan;
    },
  };
}
