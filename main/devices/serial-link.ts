/**
 * A small port over `serialport` (DESIGN.md 6): open with the configured line settings, bytes in and
 * out, and one close notification that says whether the device went away. Device code depends on
 * the `SerialLink` interface only, so tests can run it over a socat pty pair.
 */
import { stat } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import type * as SerialportModule from 'serialport';
import { fieldMessage } from '../../preload/contract/field-messages';

/**
 * serialport (its bindings and its mock) is loaded when a port is first opened or listed, not at
 * start: a desk without devices configured never needs it, and it cost the start-up (issue 18).
 */
let loading: Promise<typeof SerialportModule> | null = null;
const serialport = () => (loading ??= import('serialport'));

export type SerialParity = 'none' | 'even' | 'odd' | 'mark' | 'space';

export type SerialSettings = {
  /** '/dev/ttyUSB0', 'COM3', or a symlink; a typed path is accepted even if `listSerialPorts` omits it. */
  path: string;
  /** Default 9600 (DOMAIN.md 6.1); USB CDC virtual COM ignores it. */
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: SerialParity;
  stopBits?: 1 | 1.5 | 2;
  /** Hardware flow control. */
  rtscts?: boolean;
  /** Software flow control. */
  xon?: boolean;
  xoff?: boolean;
  /** Raised after open by default; a refusal (pseudo-terminals have no modem lines) is ignored. */
  dtr?: boolean;
  rts?: boolean;
  /**
   * How often to check that the device node is still there (0: never). serialport can miss a hang-up
   * when no read is woken by it; an unplugged USB adapter or a killed pty removes the node. Default 1000 ms.
   */
  watchMs?: number;
};

export type SerialOpenErrorCode = 'not_found' | 'busy' | 'open_failed';
/** `message` is Russian and meant for the clerk. */
export type SerialOpenError = { code: SerialOpenErrorCode; message: string };
export type SerialOpenResult = { ok: true; link: SerialLink } | { ok: false; error: SerialOpenError };
export type OpenSerialLink = (settings: SerialSettings) => Promise<SerialOpenResult>;

export interface SerialLink {
  readonly path: string;
  readonly isOpen: boolean;
  write(data: Uint8Array | string): Promise<void>;
  /** Returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once: `disconnected` is true when the device went away, false after `close()`. */
  onClose(listener: (disconnected: boolean) => void): () => void;
  close(): Promise<void>;
}

export const DEFAULT_SERIAL_SETTINGS = {
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  rtscts: false,
  xon: false,
  xoff: false,
  dtr: true,
  rts: true,
  watchMs: 1000,
} as const satisfies Omit<Required<SerialSettings>, 'path'>;

function classify(path: string, error: unknown): SerialOpenError {
  const text = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT' || /no such file|cannot find|file not found/i.test(text)) {
    return { code: 'not_found', message: fieldMessage('device.port_not_found', { path }) };
  }
  if (code === 'EBUSY' || /cannot lock|temporarily unavailable|busy|access denied/i.test(text)) {
    return { code: 'busy', message: fieldMessage('device.port_busy', { path }) };
  }
  return { code: 'open_failed', message: fieldMessage('device.port_open_failed', { path }) };
}

export async function openSerialLink(settings: SerialSettings): Promise<SerialOpenResult> {
  const s = { ...DEFAULT_SERIAL_SETTINGS, ...settings };
  const { path } = s;
  // Windows names (COM3) have no file to stat; elsewhere a missing path is reported precisely.
  let rdev: number | null = null;
  if (path.startsWith('/')) {
    try {
      rdev = (await stat(path)).rdev;
    } catch (error) {
      return { ok: false, error: classify(path, error) };
    }
  }
  const { SerialPort } = await serialport();
  const port = new SerialPort({
    path,
    baudRate: s.baudRate,
    dataBits: s.dataBits,
    parity: s.parity,
    stopBits: s.stopBits,
    rtscts: s.rtscts,
    xon: s.xon,
    xoff: s.xoff,
    autoOpen: false,
  });
  const opened = await new Promise<unknown>((resolve) => port.open((err) => resolve(err ?? null)));
  if (opened !== null) return { ok: false, error: classify(path, opened) };
  // Modem lines: pseudo-terminals refuse the ioctl ("Inappropriate ioctl for device"); not fatal.
  await new Promise<void>((resolve) => port.set({ dtr: s.dtr, rts: s.rts }, () => resolve()));
  return { ok: true, link: wrap(port, path, rdev === null ? 0 : s.watchMs, rdev) };
}

function wrap(port: SerialPort, path: string, watchMs: number, rdev: number | null): SerialLink {
  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const closeListeners = new Set<(disconnected: boolean) => void>();
  let closed = false;
  let wentAway = false;
  let attached = false;
  let watch: ReturnType<typeof setInterval> | null = null;
  const finish = (disconnected: boolean): void => {
    if (closed) return;
    closed = true;
    wentAway = disconnected;
    if (watch !== null) clearInterval(watch);
    watch = null;
    for (const l of [...closeListeners]) l(disconnected);
    closeListeners.clear();
    dataListeners.clear();
  };
  port.on('close', (err: unknown) => {
    const disconnected = typeof err === 'object' && err !== null && 'disconnected' in err && err.disconnected === true;
    finish(disconnected);
  });
  // Without a listener an 'error' event would throw; read errors end in 'close' anyway.
  port.on('error', () => {
    if (!port.isOpen) finish(true);
  });
  if (watchMs > 0) {
    let checking = false;
    watch = setInterval(() => {
      if (checking || closed) return;
      checking = true;
      stat(path)
        .then(
          (st) => st.rdev !== rdev,
          () => true,
        )
        .then((gone) => {
          checking = false;
          if (!gone || closed) return;
          finish(true);
          if (port.isOpen) port.close(() => undefined);
        });
    }, watchMs);
    watch.unref();
  }
  return {
    path,
    get isOpen() {
      return !closed && port.isOpen;
    },
    write(data) {
      return new Promise<void>((resolve, reject) => {
        if (closed) {
          reject(new Error(`Порт ${path} закрыт`));
          return;
        }
        port.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data), (err) => {
          if (err) reject(err);
        });
        port.drain((err) => (err ? reject(err) : resolve()));
      });
    },
    onData(listener) {
      dataListeners.add(listener);
      if (!attached) {
        attached = true;
        port.on('data', (chunk: Buffer) => {
          for (const l of [...dataListeners]) l(chunk);
        });
      }
      return () => dataListeners.delete(listener);
    },
    onClose(listener) {
      if (closed) {
        listener(wentAway);
        return () => undefined;
      }
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      if (closed || !port.isOpen) {
        finish(false);
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        port.close(() => {
          finish(false);
          resolve();
        });
      });
    },
  };
}

/** Paths the system reports. Pseudo-terminals and symlinks are not listed: typed paths are allowed. */
export async function listSerialPorts(): Promise<string[]> {
  try {
    const { SerialPort } = await serialport();
    const ports = await SerialPort.list();
    return ports.map((p) => p.path);
  } catch {
    return [];
  }
}
