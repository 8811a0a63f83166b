/**
 * Printer status, decoded from the Zebra `~HS` answer (three `<STX>…<ETX><CR><LF>` strings) or
 * the TSPL `<ESC>!?` byte, into one shape; and the one problem (if there is one) to tell the clerk about.
 * Layouts per DOMAIN.md §6.2 (Zebra Programming Guide P1012728-011; TSPL bit table).
 */
import { fieldMessage } from '../../preload/contract/field-messages';

export interface PrinterStatus {
  readonly paperOut: boolean;
  readonly paused: boolean;
  readonly headOpen: boolean;
  readonly ribbonOut: boolean;
  readonly bufferFull: boolean;
  readonly paperJam: boolean;
  readonly coverOpen: boolean;
  readonly overTemperature: boolean;
  readonly underTemperature: boolean;
  readonly corruptRam: boolean;
  /** Printing right now (TSPL bit 5): busy, not an error. */
  readonly printing: boolean;
  /** Zebra only (null for TSPL). */
  readonly formatsInBuffer: number | null;
  readonly partialFormat: boolean;
  readonly labelLengthDots: number | null;
  readonly printMode: number | null;
  readonly labelsRemaining: number | null;
}

const clean: PrinterStatus = {
  paperOut: false,
  paused: false,
  headOpen: false,
  ribbonOut: false,
  bufferFull: false,
  paperJam: false,
  coverOpen: false,
  overTemperature: false,
  underTemperature: false,
  corruptRam: false,
  printing: false,
  formatsInBuffer: null,
  partialFormat: false,
  labelLengthDots: null,
  printMode: null,
  labelsRemaining: null,
};

export class StatusFormatError extends Error {}

const STX = 0x02;
const ETX = 0x03;

/** Decodes the three `~HS` strings (without framing). */
export function parseZebraHostStatus(strings: readonly [string, string, string]): PrinterStatus {
  const [s1, s2] = strings;
  const f1 = s1.split(',').map((f) => f.trim());
  const f2 = s2.split(',').map((f) => f.trim());
  if (f1.length < 12 || f2.length < 11) throw new StatusFormatError(`~HS: неожиданный формат ответа «${s1}» / «${s2}»`);
  const flag = (fields: string[], i: number): boolean => {
    const v = fields[i] ?? '';
    if (!/^\d+$/.test(v)) throw new StatusFormatError(`~HS: поле ${i + 1} «${v}» не число`);
    return Number(v) !== 0;
  };
  const num = (fields: string[], i: number): number | null => {
    const v = fields[i] ?? '';
    return /^\d+$/.test(v) ? Number(v) : null;
  };
  const formats = num(f1, 4);
  return {
    ...clean,
    paperOut: flag(f1, 1),
    paused: flag(f1, 2),
    labelLengthDots: num(f1, 3),
    formatsInBuffer: formats,
    bufferFull: flag(f1, 5),
    partialFormat: flag(f1, 7),
    corruptRam: flag(f1, 9),
    underTemperature: flag(f1, 10),
    overTemperature: flag(f1, 11),
    headOpen: flag(f2, 2),
    ribbonOut: flag(f2, 3),
    printMode: num(f2, 5),
    labelsRemaining: num(f2, 8),
  };
}

/**
 * Accumulates a `~HS` answer from chunks. `push` returns the status once three framed strings
 * have arrived (bytes outside `<STX>…<ETX>` — CR, LF, noise — are ignored), then starts over.
 */
export class ZebraStatusAccumulator {
  private strings: string[] = [];
  private current: number[] | null = null;

  push(chunk: Uint8Array): PrinterStatus | null {
    let result: PrinterStatus | null = null;
    for (const b of chunk) {
      if (b === STX) this.current = [];
      else if (b === ETX) {
        if (this.current) this.strings.push(Buffer.from(this.current).toString('latin1'));
        this.current = null;
        if (this.strings.length === 3) {
          const [a = '', c = '', d = ''] = this.strings;
          this.strings = [];
          result = parseZebraHostStatus([a, c, d]);
        }
      } else if (this.current) this.current.push(b);
    }
    return result;
  }

  reset(): void {
    this.strings = [];
    this.current = null;
  }

  /** Something of an answer has arrived and not yet completed. */
  get pending(): boolean {
    return this.strings.length > 0 || this.current !== null;
  }
}

/** Parses a complete `~HS` answer in one piece (e.g. from a test vector). */
export function parseZebraHsAnswer(raw: Uint8Array | string): PrinterStatus {
  const acc = new ZebraStatusAccumulator();
  const status = acc.push(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw);
  if (!status) throw new StatusFormatError('~HS: неполный ответ (нужно три строки <STX>…<ETX>)');
  return status;
}

/** TSPL `<ESC>!?` status byte. */
export function parseTsplStatusByte(byte: number): PrinterStatus {
  const bit = (n: number) => (byte & (1 << n)) !== 0;
  const hot = bit(7);
  return {
    ...clean,
    headOpen: bit(0),
    paperJam: bit(1),
    paperOut: bit(2),
    ribbonOut: bit(3),
    paused: bit(4),
    printing: bit(5),
    coverOpen: bit(6),
    overTemperature: hot,
  };
}

export type PrinterProblemCode =
  'no_answer' | 'head_open' | 'cover_open' | 'paper_jam' | 'paper_out' | 'ribbon_out' | 'temperature' | 'memory' | 'buffer_full' | 'paused';

export interface PrinterProblem {
  readonly code: PrinterProblemCode;
  /** For the clerk, in Russian: what happened and what to do. */
  readonly message: string;
}

export const problemMessages: Readonly<Record<PrinterProblemCode, string>> = {
  no_answer: fieldMessage('printer.no_answer'),
  head_open: fieldMessage('printer.head_open'),
  cover_open: fieldMessage('printer.cover_open'),
  paper_jam: fieldMessage('printer.paper_jam'),
  paper_out: fieldMessage('printer.paper_out'),
  ribbon_out: fieldMessage('printer.ribbon_out'),
  temperature: fieldMessage('printer.temperature'),
  memory: fieldMessage('printer.memory'),
  buffer_full: fieldMessage('printer.buffer_full'),
  paused: fieldMessage('printer.paused'),
};

export const problem = (code: PrinterProblemCode): PrinterProblem => ({ code, message: problemMessages[code] });

/**
 * The one problem to show, most physical first (a printer out of paper also pauses itself,
 * so `paper_out` wins over `paused`). `printing` alone is not a problem.
 */
export function statusProblem(status: PrinterStatus): PrinterProblem | null {
  if (status.headOpen) return problem('head_open');
  if (status.coverOpen) return problem('cover_open');
  if (status.paperJam) return problem('paper_jam');
  if (status.paperOut) return problem('paper_out');
  if (status.ribbonOut) return problem('ribbon_out');
  if (status.overTemperature || status.underTemperature) return problem('temperature');
  if (status.corruptRam) return problem('memory');
  if (status.bufferFull) return problem('buffer_full');
  if (status.paused) return problem('paused');
  return null;
}
