/**
 * MRZ card-reader simulator: writes reader output in one of the vendor framings (DOMAIN.md 6.1,
 * vectors.md G) to the simulator end of a pty pair, so the app's real serial adapter reads it.
 */
import { SerialPort } from 'serialport';

export type SimFraming = 'stx' | 'desko' | '3m' | 'lines';

export type EncodeOptions = {
  /** Plain-lines terminator. Default '\r'. */
  lineEnd?: '\r' | '\n' | '\r\n';
  /** DESKO start/end-of-data bytes (device-specific). Defaults: 'SOD1' / 'EOD1'. */
  sod?: string;
  eod?: string;
  /** 3M status flag byte sent after STX. Default '0'. */
  flag?: string;
};

const STX = '\x02';
const ETX = '\x03';
const SOH = '\x01';

const mrzLines = (text: string): string[] =>
  text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

/** The bytes a reader of the given family sends for one MRZ. */
export function encodeReaderFrame(mrzText: string, framing: SimFraming, options: EncodeOptions = {}): Buffer {
  const lines = mrzLines(mrzText);
  const body = lines.map((l) => `${l}\r`).join('');
  switch (framing) {
    case 'lines': {
      const end = options.lineEnd ?? '\r';
      return Buffer.from(lines.map((l) => l + end).join(''), 'utf8');
    }
    case 'stx':
      return Buffer.from(`${STX}${body}${ETX}`, 'utf8');
    case 'desko':
      return Buffer.from(`${options.sod ?? 'SOD1'}${STX}${body}${ETX}${options.eod ?? 'EOD1'}`, 'utf8');
    case '3m': {
      // Always three lines; missing upper lines are sent empty (padded with '_' to the line width).
      const width = Math.max(30, ...lines.map((l) => l.length));
      const three = [...Array.from({ length: Math.max(0, 3 - lines.length) }, () => '_'.repeat(width)), ...lines];
      const payload = Buffer.from(`OU${STX}${options.flag ?? '0'}${three.map((l) => `${l}\r`).join('')}${ETX}`, 'utf8');
      const length = Buffer.from([(payload.length >> 8) & 0xff, payload.length & 0xff]);
      const framed = Buffer.concat([length, payload]);
      let bcc = 0;
      for (const b of framed) bcc ^= b;
      return Buffer.concat([Buffer.from(SOH, 'latin1'), framed, Buffer.from([bcc])]);
    }
  }
}

/** Splits `data` into chunks of `chunkSize` bytes, or of random sizes 1…16 when `chunkSize` is 'random'. */
export function chunk(data: Uint8Array, chunkSize: number | 'random' = data.length, random: () => number = Math.random): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length;) {
    const size = chunkSize === 'random' ? 1 + Math.floor(random() * 16) : Math.max(1, chunkSize);
    out.push(data.subarray(i, i + size));
    i += size;
  }
  return out;
}

export type SendOptions = EncodeOptions & {
  framing?: SimFraming;
  chunkSize?: number | 'random';
  /** Bytes sent before the frame (noise on the line). */
  garbage?: Uint8Array | string;
  /** Pause between chunks, to make the reader see them separately. Default 0 (each chunk drained). */
  gapMs?: number;
};

export interface ReaderSimulator {
  send(mrzText: string, options?: SendOptions): Promise<void>;
  sendRaw(data: Uint8Array | string, options?: { chunkSize?: number | 'random'; gapMs?: number }): Promise<void>;
  close(): Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function openReaderSimulator(simPath: string, baudRate = 9600): Promise<ReaderSimulator> {
  const port = new SerialPort({ path: simPath, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => undefined);

  const writeChunk = (data: Uint8Array): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data), (err) => {
        if (err) reject(err);
      });
      port.drain((err) => (err ? reject(err) : resolve()));
    });

  const sendRaw = async (data: Uint8Array | string, options: { chunkSize?: number | 'random'; gapMs?: number } = {}): Promise<void> => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (const part of chunk(bytes, options.chunkSize)) {
      await writeChunk(part);
      if ((options.gapMs ?? 0) > 0) await pause(options.gapMs ?? 0);
    }
  };

  return {
    async send(mrzText, options = {}) {
      const frame = encodeReaderFrame(mrzText, options.framing ?? 'stx', options);
      const garbage = options.garbage === undefined ? Buffer.alloc(0) : Buffer.from(options.garbage);
      const raw: { chunkSize?: number | 'random'; gapMs?: number } = {};
      if (options.chunkSize !== undefined) raw.chunkSize = options.chunkSize;
      if (options.gapMs !== undefined) raw.gapMs = options.gapMs;
      await sendRaw(Buffer.concat([garbage, frame]), raw);
    },
    sendRaw,
    close() {
      return new Promise<void>((resolve) => {
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => resolve());
      });
    },
  };
}
