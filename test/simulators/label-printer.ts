/**
 * A Zebra (ZPL II) label printer on the simulator end of a pty pair.
 *
 * - Formats `^XA…^XZ` are "printed": each kept with its raw ZPL and its `^FD` fields (decoded
 *   with `^FH` hex escapes and UTF-8, as `^CI28` says).
 * - `~HS` is answered with three `<STX>…<ETX><CR><LF>` strings (DOMAIN.md §6.2), unless silent.
 * - Paper out / head open / paused: formats that arrive are held in the receive buffer (reported
 *   in `~HS` field eee) and printed when the printer is clean again, as a real Zebra does.
 * - `paperOutAfter(n)`: the paper runs out right after the n-th printed label.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { unescapeFieldData } from '../../main/devices/zpl';

export interface SimLabel {
  readonly zpl: string;
  readonly fields: string[];
}

export interface SimState {
  paperOut: boolean;
  headOpen: boolean;
  paused: boolean;
  ribbonOut: boolean;
  /** Does not answer `~HS` (and holds formats) — as in some Zebra error states. */
  silent: boolean;
}

/** The `^FD` data of each field of a format, `^FH` escapes decoded. */
export function extractFields(zpl: string): string[] {
  const fields: string[] = [];
  for (const segment of zpl.split('^FS')) {
    const fd = segment.indexOf('^FD');
    if (fd < 0) continue;
    const fh = /\^FH(.)?/.exec(segment.slice(0, fd));
    const data = segment.slice(fd + 3);
    fields.push(fh ? unescapeFieldData(data, fh[1] && fh[1] !== '^' ? fh[1] : '_') : data);
  }
  return fields;
}

export interface LabelPrinterSimEvents {
  label: [SimLabel];
  status: [];
  hs: [];
}

export class LabelPrinterSim extends EventEmitter<LabelPrinterSimEvents> {
  readonly labels: SimLabel[] = [];
  readonly state: SimState = { paperOut: false, headOpen: false, paused: false, ribbonOut: false, silent: false };
  /** `~HS` requests seen (answered or not). */
  hsRequests = 0;
  private text = '';
  private held: string[] = [];
  private paperOutAt: number | null = null;

  private constructor(private readonly port: SerialPort) {
    super();
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('error', () => undefined);
  }

  static async open(path: string): Promise<LabelPrinterSim> {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new LabelPrinterSim(port);
  }

  /** The paper runs out right after the n-th label (counted over all printed labels). */
  paperOutAfter(n: number): void {
    this.paperOutAt = n;
  }

  set(change: Partial<SimState>): void {
    Object.assign(this.state, change);
    this.emit('status');
    this.flushHeld();
  }

  /** Formats received but not printed yet. */
  get heldCount(): number {
    return this.held.length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
  }

  private get blocked(): boolean {
    const s = this.state;
    return s.paperOut || s.headOpen || s.paused || s.ribbonOut || s.silent;
  }

  private receive(chunk: Buffer): void {
    this.text += chunk.toString('utf8');
    for (;;) {
      const hs = this.text.indexOf('~HS');
      const xa = this.text.indexOf('^XA');
      if (hs >= 0 && (xa < 0 || hs < xa)) {
        this.text = this.text.slice(hs + 3);
        this.hsRequests++;
        this.emit('hs');
        this.answerHs();
        continue;
      }
      if (xa < 0) {
        this.text = '';
        return;
      }
      const xz = this.text.indexOf('^XZ', xa);
      if (xz < 0) {
        this.text = this.text.slice(xa); // wait for the rest of the format
        return;
      }
      this.held.push(this.text.slice(xa, xz + 3));
      this.text = this.text.slice(xz + 3);
      this.flushHeld();
    }
  }

  private flushHeld(): void {
    while (!this.blocked && this.held.length > 0) {
      const zpl = this.held.shift() ?? '';
      const label = { zpl, fields: extractFields(zpl) };
      this.labels.push(label);
      if (this.paperOutAt !== null && this.labels.length >= this.paperOutAt) {
        this.paperOutAt = null;
        this.state.paperOut = true;
      }
      this.emit('label', label);
    }
  }

  private answerHs(): void {
    if (this.state.silent) return;
    const s = this.state;
    const b = (v: boolean) => (v ? '1' : '0');
    const formats = String(this.held.length).padStart(3, '0');
    const s1 = `030,${b(s.paperOut)},${b(s.paused)},0406,${formats},0,0,0,000,0,0,0`;
    const s2 = `001,0,${b(s.headOpen)},${b(s.ribbonOut)},0,2,0,0,00000000,1,000`;
    const s3 = '1234,0';
    this.port.write(Buffer.from([s1, s2, s3].map((x) => `\x02${x}\x03\r\n`).join(''), 'latin1'));
  }
}
