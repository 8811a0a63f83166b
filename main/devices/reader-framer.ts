/**
 * Tolerant framing of MRZ reader output (DOMAIN.md 6.1): bytes in, messages of MRZ lines out.
 * Pure: no I/O, no clock, no timers. The caller passes the time of each chunk and calls `tick`
 * at `deadline()` (or later; `push` also expires an overdue message before taking new bytes).
 *
 * Understood framings:
 *  - STX … ETX, and DESKO `SODn STX lines ETX EODn` (anything before STX and after ETX is dropped,
 *    so the device-specific SOD/EOD bytes need no configuration);
 *  - 3M `SOH len "OU" STX flag lines ETX BCC` (header, flag byte and BCC dropped);
 *  - plain CR / LF / CRLF lines: a message ends as soon as the lines have a complete MRZ shape
 *    (2×44, 2×36, 3×30), otherwise after `idleMs` without bytes; a partial MRZ (the first line(s)
 *    only) waits up to `partialMs` for the rest (imagers that send rows separately).
 * Trailing `_` padding is removed, NUL/EOT and stray ETX are dropped, empty lines are dropped. Every
 * other character is kept, so the MRZ parser can flag it: nothing is deleted from inside a line.
 */

/**
 * How a message was framed; a hint for diagnostics. 'desko' means bytes preceded STX: the DESKO SOD
 * of a frame sent during the previous frame's trailer is not told apart from its EOD, so it reads 'stx'.
 */
export type ReaderFraming = 'stx' | 'desko' | '3m' | 'lines';

export type FramerOutput =
  /** `text`: the non-empty lines joined with '\n'. Contains personal data: never log it. */
  | { kind: 'message'; framing: ReaderFraming; text: string }
  /** Bytes that could not be an MRZ (a message over `maxMessageBytes`) were dropped. */
  | { kind: 'noise'; reason: 'overflow' };

export type ReaderFramerOptions = {
  /** Silence that ends a plain-lines message. Default 200 ms. */
  idleMs?: number;
  /** How long a partial MRZ in plain-lines mode waits for its remaining lines. Default 1500 ms. */
  partialMs?: number;
  /** Silence that abandons an unfinished STX/SOH frame (its content is still delivered). Default 1000 ms. */
  frameTimeoutMs?: number;
  /** Content bytes of one message beyond which it is dropped as noise. Default 512 (a 3×44 frame is ~140). */
  maxMessageBytes?: number;
};

export interface ReaderFramer {
  push(chunk: Uint8Array, now: number): FramerOutput[];
  /** Time at which `tick` should be called, or null when nothing is pending. */
  deadline(): number | null;
  tick(now: number): FramerOutput[];
  reset(): void;
}

const NUL = 0x00;
const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const LF = 0x0a;
const CR = 0x0d;
const O = 0x4f;
const U = 0x55;

/** Line lengths of a complete MRZ, and of the lines a partial one may have so far. */
const COMPLETE = new Set(['44,44', '36,36', '30,30,30']);
const PARTIAL = new Set(['44', '36', '30', '30,30']);
const MAX_HEADER = 16;

type Mode = 'lines' | 'header' | 'frame' | 'trailer' | 'discard';

export const DEFAULT_FRAMER_OPTIONS = { idleMs: 200, partialMs: 1500, frameTimeoutMs: 1000, maxMessageBytes: 512 } as const;

export function createReaderFramer(options: ReaderFramerOptions = {}): ReaderFramer {
  const o = { ...DEFAULT_FRAMER_OPTIONS, ...options };
  const decoder = new TextDecoder('utf-8');

  let mode: Mode = 'lines';
  let framing: ReaderFraming = 'lines';
  let lines: string[] = [];
  let current: number[] = [];
  let size = 0;
  let header: number[] = [];
  let flagPending = false;
  let bccPending = false;
  let lastAt: number | null = null;

  const decode = (bytes: number[]): string => decoder.decode(Uint8Array.from(bytes)).replace(/_+$/, '');
  const nonEmpty = (all: string[]): string[] => all.filter((l) => l.trim().length > 0);
  const shapeOf = (all: string[]): string => all.map((l) => l.trim().length).join(',');
  const withTail = (): string[] => (current.length > 0 ? [...lines, decode(current)] : lines);

  const clearMessage = (): void => {
    lines = [];
    current = [];
    size = 0;
    header = [];
    flagPending = false;
  };

  const emit = (out: FramerOutput[], all: string[], as: ReaderFraming): void => {
    const kept = nonEmpty(all);
    if (kept.length > 0) out.push({ kind: 'message', framing: as, text: kept.join('\n') });
  };

  const endLine = (): void => {
    lines.push(decode(current));
    current = [];
  };

  const startFrame = (as: ReaderFraming): void => {
    clearMessage();
    mode = 'frame';
    framing = as;
    flagPending = as === '3m';
  };

  const startHeader = (): void => {
    clearMessage();
    mode = 'header';
  };

  /** A frame starts while plain lines are pending: complete lines are their own message, the tail is a prefix. */
  const leaveLines = (out: FramerOutput[]): boolean => {
    emit(out, lines, 'lines');
    const hadPrefix = current.length > 0;
    clearMessage();
    return hadPrefix;
  };

  const addContent = (b: number, out: FramerOutput[]): void => {
    current.push(b);
    size += 1;
    if (size > o.maxMessageBytes) {
      clearMessage();
      mode = 'discard';
      out.push({ kind: 'noise', reason: 'overflow' });
    }
  };

  const byte = (b: number, out: FramerOutput[]): void => {
    switch (mode) {
      case 'discard':
      case 'trailer':
        if (bccPending) {
          bccPending = false;
          return;
        }
        if (b === STX) startFrame('stx');
        else if (b === SOH) startHeader();
        else if (mode === 'trailer' && (b === CR || b === LF)) mode = 'lines';
        return;
      case 'header':
        if (b === SOH) {
          header = [];
        } else if (b === STX && header.length >= 2 && header.at(-2) === O && header.at(-1) === U) {
          startFrame('3m');
        } else if (b === STX && header.length >= 3) {
          startFrame('stx');
        } else {
          header.push(b);
          if (header.length > MAX_HEADER) {
            clearMessage();
            mode = 'lines';
          }
        }
        return;
      case 'frame':
        if (b === STX) startFrame(framing);
        else if (b === SOH) startHeader();
        else if (b === ETX) {
          if (current.length > 0) endLine();
          emit(out, lines, framing);
          bccPending = framing === '3m';
          clearMessage();
          mode = 'trailer';
        } else if (b === NUL || b === EOT) {
          // stray framing byte
        } else if (b === CR || b === LF) {
          flagPending = false;
          endLine();
        } else if (flagPending) {
          flagPending = false;
        } else addContent(b, out);
        return;
      case 'lines':
        if (b === STX) startFrame(leaveLines(out) ? 'desko' : 'stx');
        else if (b === SOH) {
          leaveLines(out);
          startHeader();
        } else if (b === NUL || b === ETX || b === EOT) {
          // stray framing byte
        } else if (b === CR || b === LF) {
          endLine();
          const kept = nonEmpty(lines);
          if (COMPLETE.has(shapeOf(kept))) {
            emit(out, kept, 'lines');
            clearMessage();
          } else if (kept.length === 0) {
            clearMessage();
          }
        } else addContent(b, out);
        return;
    }
  };

  const deadline = (): number | null => {
    if (lastAt === null) return null;
    switch (mode) {
      case 'lines': {
        // Every buffered byte must expire, even one that decodes to nothing ('_'), or it would glue to the next read.
        if (lines.length === 0 && current.length === 0) return null;
        const kept = nonEmpty(withTail());
        return lastAt + (PARTIAL.has(shapeOf(kept)) ? Math.max(o.partialMs, o.idleMs) : o.idleMs);
      }
      case 'frame':
      case 'header':
        return lastAt + o.frameTimeoutMs;
      case 'trailer':
      case 'discard':
        return lastAt + o.idleMs;
    }
  };

  const expire = (out: FramerOutput[]): void => {
    if (mode === 'lines') emit(out, withTail(), 'lines');
    else if (mode === 'frame') emit(out, withTail(), framing);
    clearMessage();
    bccPending = false;
    mode = 'lines';
    framing = 'lines';
    lastAt = null;
  };

  const tick = (now: number): FramerOutput[] => {
    const out: FramerOutput[] = [];
    const due = deadline();
    if (due !== null && now >= due) expire(out);
    return out;
  };

  return {
    push(chunk, now) {
      const out = tick(now);
      lastAt = now;
      for (const b of chunk) byte(b, out);
      return out;
    },
    deadline,
    tick,
    reset() {
      clearMessage();
      bccPending = false;
      mode = 'lines';
      framing = 'lines';
      lastAt = null;
    },
  };
}
