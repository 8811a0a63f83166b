/**
 * The MRZ card reader as a device (DESIGN.md 6): a serial link, the tolerant framer, the MRZ
 * parser; `scan` and `status` events; reconnect with backoff when the port goes away. Each scan
 * carries an id and can be taken once. Raw MRZ text is never logged or put into an error.
 */
import { randomUUID } from 'node:crypto';
import { parseMrz, type MrzErrorCode, type MrzRefusedRead, type MrzResult } from '../domain/mrz';
import { createReaderFramer, type FramerOutput, type ReaderFramerOptions, type ReaderFraming } from './reader-framer';
import { keepLinkOpen, type LinkStatus } from './link-keeper';
import type { OpenSerialLink, SerialSettings } from './serial-link';
import type { Logger } from '../log';

export type CardReaderStatus = LinkStatus;

export type MrzRead = Extract<MrzResult, { ok: true }>;
export type ScanErrorCode = MrzErrorCode | 'unreadable';
/** A bad read: the reason only, never the characters read; fills nothing. */
export type ScanError = { code: ScanErrorCode; message: string; line?: number; position?: number };

export type CardReaderScan = { id: string; at: number; framing: ReaderFraming | null } &
  /** `refused`: read well but refused by a business rule (expired…); what it read, kept like a good read. */
  ({ ok: true; read: MrzRead } | { ok: false; error: ScanError; refused?: MrzRefusedRead });

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
  /** Drops every scan not yet taken (the session that was to take it ended). */
  forgetScans(): void;
}

const UNREADABLE: ScanError = {
  code: 'unreadable',
  message: 'Считыватель передал нераспознаваемые данные. Положите документ страницей с MRZ на стекло и повторите считывание.',
};

export function createCardReader(options: CardReaderOptions): CardReader {
  const now = options.now ?? Date.now;
  const keep = options.keepScans ?? 20;
  const log = options.logger;
  const framer = createReaderFramer(options.framer);

  const scanListeners = new Set<(scan: CardReaderScan) => void>();
  const pending = new Map<string, CardReaderScan>();
  let frameTimer: ReturnType<typeof setTimeout> | null = null;

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
        publish({ ...base, framing: output.framing, ok: false, error, ...(result.refused !== undefined && { refused: result.refused }) });
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

  const keeper = keepLinkOpen({
    serial: options.serial,
    name: 'card reader',
    backoff: options.backoff,
    ...(options.open !== undefined && { open: options.open }),
    ...(log !== undefined && { logger: log }),
    onLink(link) {
      framer.reset();
      link.onData((chunk) => {
        handle(framer.push(chunk, now()));
        armFrameTimer();
      });
    },
    onLost() {
      // Bytes of an unfinished read are dropped: a read never spans two connections.
      framer.reset();
      armFrameTimer();
    },
  });

  return {
    start: () => keeper.start(),
    async stop() {
      await keeper.stop();
      if (frameTimer !== null) clearTimeout(frameTimer);
      frameTimer = null;
      framer.reset();
    },
    status: () => keeper.status(),
    onStatus: (listener) => keeper.onStatus(listener),
    onScan(listener) {
      scanListeners.add(listener);
      return () => scanListeners.delete(listener);
    },
    take(id) {
      const scan = pending.get(id);
      if (scan === undefined) return null;
      pending.delete(id);
      return scan;
    },
    forgetScans() {
      pending.clear();
    },
  };
}
