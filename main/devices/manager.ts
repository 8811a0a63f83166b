/**
 * The workstation's two devices, built from the settings and rebuilt when an admin changes them
 * (no restart). It turns the devices' own states into the contract's `DevicesStatus`, pushes it
 * and every scan outcome to the clients as events, and reports each real status change once (the
 * composition root writes it to the audit log). Personal data stays here: a scan's content leaves
 * only through `takeScan`, once, and only within `scanTtlMs`.
 */
import type { DeviceState, DevicesStatus, PrinterSettings, ReaderSettings, ScanEvent, ScannedDocument } from '../../preload/contract';
import type { Logger } from '../log';
import { fieldMessage } from '../../preload/contract/field-messages';
import type { LabelModel } from '../documents/label';
import { createCardReader, type CardReader, type CardReaderOptions } from './card-reader';
import { LabelPrinter, type LabelPrinterStatus } from './label-printer';
import { keepLinkOpen, type LinkKeeper, type LinkStatus } from './link-keeper';
import { refusedDocument, scannedDocument } from './scanned-document';
import type { OpenSerialLink, SerialSettings } from './serial-link';

export type DeviceName = 'reader' | 'printer';

export type DeviceManagerOptions = {
  reader: ReaderSettings;
  printer: PrinterSettings;
  /** 'YYYY-MM-DD' of the local day (document expiry). */
  today: () => string;
  now?: () => number;
  log: Logger;
  open?: OpenSerialLink;
  /** How often an idle printer is asked `~HS`, so paper running out shows before the next label. Default 15 s. */
  printerIdleCheckMs?: number;
  printerStatusTimeoutMs?: number;
  printerPollMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /** A scan not taken within this time is forgotten. Default 2 minutes. */
  scanTtlMs?: number;
};

export type TakeScanResult = { ok: true; document: ScannedDocument } | { ok: false; reason: 'unknown' | 'bad_read' };
export type WaitResult = 'printed' | 'waiting';

type Listeners = {
  status: Set<(status: DevicesStatus) => void>;
  change: Set<(device: DeviceName, state: DeviceState, path: string) => void>;
  scan: Set<(scan: ScanEvent) => void>;
  printed: Set<(jobId: string) => void>;
};

export interface DeviceManager {
  status(): DevicesStatus;
  /** Applies new settings; only a device whose settings changed is restarted. */
  configure(settings: { reader: ReaderSettings; printer: PrinterSettings }): Promise<void>;
  takeScan(scanId: string): TakeScanResult;
  /** A citizen's document read but not taken belongs to the session it was read in: dropped when that ends. */
  forgetScans(): void;
  printerConfigured(): boolean;
  /** Queues a label under the given id; false when no printer is set up. */
  enqueueLabel(jobId: string, model: LabelModel): boolean;
  /** Resolves 'printed' once the job printed, or 'waiting' after `timeoutMs` or when the printer reports a problem. */
  waitPrinted(jobId: string, timeoutMs: number): Promise<WaitResult>;
  onStatus(listener: (status: DevicesStatus) => void): () => void;
  /** One call per real change of one device's state (for the audit log). */
  onChange(listener: (device: DeviceName, state: DeviceState, path: string) => void): () => void;
  onScan(listener: (scan: ScanEvent) => void): () => void;
  onPrinted(listener: (jobId: string) => void): () => void;
  close(): Promise<void>;
}

export function serialSettingsOf(s: ReaderSettings | PrinterSettings): SerialSettings {
  return {
    path: s.path,
    baudRate: s.baudRate,
    dataBits: s.dataBits,
    parity: s.parity,
    stopBits: s.stopBits,
    rtscts: s.flowControl === 'rtscts',
    xon: s.flowControl === 'xonxoff',
    xoff: s.flowControl === 'xonxoff',
  };
}

const readerDisconnected = (path: string): DeviceState => ({
  state: 'disconnected',
  message: fieldMessage('device.reader_disconnected', { path }),
});
const printerDisconnected = (path: string): DeviceState => ({
  state: 'disconnected',
  message: fieldMessage('device.printer_disconnected', { path }),
});

function fromLink(status: LinkStatus | null, disconnected: DeviceState): DeviceState {
  if (status === null) return { state: 'connecting' };
  if (status.state === 'ready') return { state: 'ready' };
  if (status.state === 'disconnected') return disconnected;
  return { state: 'error', code: status.code, message: status.reason };
}

function fromPrinter(status: LabelPrinterStatus, path: string): DeviceState {
  switch (status.kind) {
    case 'unknown':
      return { state: 'connecting' };
    case 'ready':
      return { state: 'ready' };
    case 'disconnected':
      return printerDisconnected(path);
    case 'error':
      return { state: 'error', code: status.code, message: status.message };
  }
}

const sameState = (a: DeviceState, b: DeviceState): boolean => JSON.stringify(a) === JSON.stringify(b);

export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  const now = options.now ?? Date.now;
  const ttl = options.scanTtlMs ?? 120_000;
  const log = options.log;
  const listeners: Listeners = { status: new Set(), change: new Set(), scan: new Set(), printed: new Set() };

  // --- reader ------------------------------------------------------------------------------
  let readerSettings = options.reader;
  let reader: CardReader | null = null;
  /** Null until the first open attempt answered. */
  let readerLink: LinkStatus | null = null;
  let readerState: DeviceState = { state: 'not_configured' };

  // --- printer -----------------------------------------------------------------------------
  let printerSettings = options.printer;
  let printer: LabelPrinter | null = null;
  let printerKeeper: LinkKeeper | null = null;
  let printerLink: LinkStatus | null = null;
  let printerState: DeviceState = { state: 'not_configured' };
  let idleTimer: ReturnType<typeof setInterval> | null = null;
  const waiters = new Map<string, Set<(r: WaitResult) => void>>();

  const snapshot = (): DevicesStatus => ({
    reader: { path: readerSettings.path, status: readerState },
    printer: { path: printerSettings.path, status: printerState, queued: printer?.jobs.length ?? 0 },
  });
  let lastSent = '';
  const publish = (): void => {
    const s = snapshot();
    const key = JSON.stringify(s);
    if (key === lastSent) return;
    lastSent = key;
    for (const l of [...listeners.status]) l(s);
  };
  const setState = (device: DeviceName, next: DeviceState): void => {
    const prev = device === 'reader' ? readerState : printerState;
    if (device === 'reader') readerState = next;
    else printerState = next;
    if (!sameState(prev, next)) {
      const path = device === 'reader' ? readerSettings.path : printerSettings.path;
      for (const l of [...listeners.change]) l(device, next, path);
    }
    publish();
  };

  const refreshReader = (): void => {
    setState('reader', reader === null ? { state: 'not_configured' } : fromLink(readerLink, readerDisconnected(readerSettings.path)));
  };
  const refreshPrinter = (): void => {
    if (printer === null) return setState('printer', { state: 'not_configured' });
    // The link's own state first (port missing or busy); once open, what the printer says.
    if (printerLink === null || printerLink.state !== 'ready')
      return setState('printer', fromLink(printerLink, printerDisconnected(printerSettings.path)));
    setState('printer', fromPrinter(printer.status, printerSettings.path));
    if (printerState.state === 'error') for (const jobId of [...waiters.keys()]) settle(jobId, 'waiting');
  };

  const settle = (jobId: string, result: WaitResult): void => {
    const set = waiters.get(jobId);
    if (!set) return;
    waiters.delete(jobId);
    for (const resolve of set) resolve(result);
  };

  const startReader = (): void => {
    readerLink = null;
    if (readerSettings.path === '') {
      reader = null;
      refreshReader();
      return;
    }
    const readerOptions: CardReaderOptions = {
      serial: serialSettingsOf(readerSettings),
      today: options.today,
      now,
      framer: { idleMs: readerSettings.idleMs },
      logger: log,
    };
    if (options.open) readerOptions.open = options.open;
    if (options.backoff) readerOptions.backoff = options.backoff;
    const r = createCardReader(readerOptions);
    reader = r;
    r.onStatus((status) => {
      if (reader !== r) return;
      readerLink = status;
      refreshReader();
    });
    r.onScan((scan) => {
      if (reader !== r) return;
      const event: ScanEvent = scan.ok
        ? { ok: true, scanId: scan.id }
        : { ok: false, scanId: scan.id, error: { code: scan.error.code, message: scan.error.message } };
      for (const l of [...listeners.scan]) l(event);
    });
    refreshReader();
    r.start();
  };

  const stopReader = async (): Promise<void> => {
    const r = reader;
    reader = null;
    if (r) await r.stop();
  };

  const startPrinter = (carried: readonly { id: string; model: LabelModel }[] = []): void => {
    printerLink = null;
    if (printerSettings.path === '') {
      printer = null;
      refreshPrinter();
      return;
    }
    const p = new LabelPrinter(null, {
      zpl: { font: printerSettings.font },
      ...(options.printerStatusTimeoutMs !== undefined && { statusTimeoutMs: options.printerStatusTimeoutMs }),
      ...(options.printerPollMs !== undefined && { pollIntervalMs: options.printerPollMs }),
    });
    printer = p;
    p.on('status', () => {
      if (printer === p) refreshPrinter();
    });
    p.on('printed', (jobId) => {
      if (printer !== p) return;
      publish();
      settle(jobId, 'printed');
      for (const l of [...listeners.printed]) l(jobId);
    });
    for (const job of carried) p.enqueue(job.model, job.id);
    const keeper = keepLinkOpen({
      serial: serialSettingsOf(printerSettings),
      name: 'label printer',
      logger: log,
      ...(options.open !== undefined && { open: options.open }),
      ...(options.backoff !== undefined && { backoff: options.backoff }),
      onLink: (link) => p.attach(link),
    });
    printerKeeper = keeper;
    keeper.onStatus((status) => {
      if (printerKeeper !== keeper) return;
      printerLink = status;
      refreshPrinter();
    });
    refreshPrinter();
    keeper.start();
    const every = options.printerIdleCheckMs ?? 15_000;
    idleTimer = setInterval(() => {
      if (printer === p && p.jobs.length === 0 && printerLink?.state === 'ready') p.check();
    }, every);
    idleTimer.unref();
  };

  /** Stops the printer; returns the jobs never written to it (they move to the next printer). */
  const stopPrinter = async (): Promise<{ id: string; model: LabelModel }[]> => {
    const p = printer;
    const keeper = printerKeeper;
    printer = null;
    printerKeeper = null;
    if (idleTimer !== null) clearInterval(idleTimer);
    idleTimer = null;
    if (keeper) await keeper.stop();
    if (!p) return [];
    const unsent = p.jobs.filter((j) => !j.sent).map((j) => ({ id: j.id, model: j.model }));
    p.dispose();
    return unsent;
  };

  startReader();
  startPrinter();

  return {
    status: snapshot,
    async configure(next) {
      if (JSON.stringify(next.reader) !== JSON.stringify(readerSettings)) {
        await stopReader();
        readerSettings = next.reader;
        startReader();
      }
      if (JSON.stringify(next.printer) !== JSON.stringify(printerSettings)) {
        const carried = await stopPrinter();
        printerSettings = next.printer;
        startPrinter(carried);
        if (printer === null && carried.length > 0)
          log.warn('label jobs dropped: printer removed from settings', { count: carried.length });
      }
    },
    takeScan(scanId) {
      const scan = reader?.take(scanId) ?? null;
      if (scan === null || now() - scan.at > ttl) return { ok: false, reason: 'unknown' };
      if (!scan.ok) {
        // Read well but refused: the form shows what was read and why, and fills nothing.
        const refused = scan.refused !== undefined ? refusedDocument(scan.refused, scan.error.code) : null;
        return refused !== null ? { ok: true, document: refused } : { ok: false, reason: 'bad_read' };
      }
      return { ok: true, document: scannedDocument(scan.read) };
    },
    forgetScans() {
      reader?.forgetScans();
    },
    printerConfigured: () => printer !== null,
    enqueueLabel(jobId, model) {
      if (printer === null) return false;
      printer.enqueue(model, jobId);
      publish();
      return true;
    },
    waitPrinted(jobId, timeoutMs) {
      if (printer === null || !printer.jobs.some((j) => j.id === jobId)) return Promise.resolve('waiting');
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle(jobId, 'waiting'), timeoutMs);
        const set = waiters.get(jobId) ?? new Set();
        set.add((r) => {
          clearTimeout(timer);
          resolve(r);
        });
        waiters.set(jobId, set);
      });
    },
    onStatus(listener) {
      listeners.status.add(listener);
      return () => listeners.status.delete(listener);
    },
    onChange(listener) {
      listeners.change.add(listener);
      return () => listeners.change.delete(listener);
    },
    onScan(listener) {
      listeners.scan.add(listener);
      return () => listeners.scan.delete(listener);
    },
    onPrinted(listener) {
      listeners.printed.add(listener);
      return () => listeners.printed.delete(listener);
    },
    async close() {
      await stopReader();
      await stopPrinter();
      for (const jobId of [...waiters.keys()]) settle(jobId, 'waiting');
      for (const set of Object.values(listeners)) set.clear();
    },
  };
}
