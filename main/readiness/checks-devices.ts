/**
 * The facts of the device lines. In the running app the device manager already holds both ports
 * and asks the idle printer `~HS` every few seconds: its status is the answer. From the command
 * line (the app closed) each port is opened here with the same serial adapter, the printer asked
 * `~HS` once, and both closed again.
 */
import type { DevicesStatus, PrinterSettings, ReaderSettings } from '../../preload/contract';
import { serialSettingsOf } from '../devices/manager';
import { openSerialLink, type OpenSerialLink, type SerialOpenError } from '../devices/serial-link';
import { statusProblem, ZebraStatusAccumulator, type PrinterStatus } from '../devices/zebra-status';
import type { PortFacts, PrinterStatusFacts } from './lines-remote';

export interface DeviceFacts {
  reader: PortFacts;
  printer: PortFacts;
  printerStatus: PrinterStatusFacts;
}

/** From the app's live device status. */
export function liveDeviceFacts(status: DevicesStatus): DeviceFacts {
  const port = (path: string, s: DevicesStatus['reader']['status']): PortFacts => {
    switch (s.state) {
      case 'not_configured':
        return { kind: 'not_configured' };
      case 'ready':
        return { kind: 'open', path };
      case 'connecting':
        return { kind: 'connecting', path };
      case 'disconnected':
        return { kind: 'not_found', path };
      case 'error':
        // A printer problem (paper, head…) comes after the port opened: the port itself is fine.
        return s.code === 'busy' ? { kind: 'busy', path } : { kind: 'error', path, message: s.message };
    }
  };
  const printer = status.printer;
  const p = printer.status;
  const printerProblem = p.state === 'error' && p.code !== 'busy' && p.code !== 'not_found' && p.code !== 'open_failed';
  let printerStatus: PrinterStatusFacts;
  if (p.state === 'not_configured') printerStatus = { kind: 'no_printer' };
  else if (p.state === 'ready') printerStatus = { kind: 'ready' };
  else if (printerProblem && p.code === 'no_answer') printerStatus = { kind: 'silent' };
  else if (printerProblem) printerStatus = { kind: 'problem', message: p.message };
  else printerStatus = { kind: 'not_asked' };
  return {
    reader: port(status.reader.path, status.reader.status),
    printer: printerProblem ? { kind: 'open', path: printer.path } : port(printer.path, p),
    printerStatus,
  };
}

const fromOpenError = (path: string, error: SerialOpenError): PortFacts =>
  error.code === 'not_found'
    ? { kind: 'not_found', path }
    : error.code === 'busy'
      ? { kind: 'busy', path }
      : { kind: 'error', path, message: error.message };

export interface ProbeOptions {
  open?: OpenSerialLink;
  /** How long the printer has to answer `~HS`; default 2000 ms, as the label printer waits. */
  statusTimeoutMs?: number;
}

/** Opens each configured port once; the printer is asked `~HS`. */
export async function probeDevices(reader: ReaderSettings, printer: PrinterSettings, options: ProbeOptions = {}): Promise<DeviceFacts> {
  const open = options.open ?? openSerialLink;
  const settings = (s: ReaderSettings | PrinterSettings) => ({ ...serialSettingsOf(s), watchMs: 0 });

  let readerFacts: PortFacts = { kind: 'not_configured' };
  if (reader.path !== '') {
    const opened = await open(settings(reader));
    if (opened.ok) {
      readerFacts = { kind: 'open', path: reader.path };
      await opened.link.close();
    } else readerFacts = fromOpenError(reader.path, opened.error);
  }

  if (printer.path === '') return { reader: readerFacts, printer: { kind: 'not_configured' }, printerStatus: { kind: 'no_printer' } };
  const opened = await open(settings(printer));
  if (!opened.ok) return { reader: readerFacts, printer: fromOpenError(printer.path, opened.error), printerStatus: { kind: 'not_asked' } };
  const link = opened.link;
  try {
    const answer = await askHostStatus(link, options.statusTimeoutMs ?? 2000);
    const printerStatus: PrinterStatusFacts =
      answer === null
        ? { kind: 'silent' }
        : ((p) => (p === null ? { kind: 'ready' as const } : { kind: 'problem' as const, message: p.message }))(statusProblem(answer));
    return { reader: readerFacts, printer: { kind: 'open', path: printer.path }, printerStatus };
  } finally {
    await link.close();
  }
}

type HsLink = { write(data: Uint8Array): Promise<void>; onData(listener: (chunk: Uint8Array) => void): () => void };

/** One `~HS`: the parsed answer, or null when the printer stays silent (or answers garbage). */
function askHostStatus(link: HsLink, timeoutMs: number): Promise<PrinterStatus | null> {
  const acc = new ZebraStatusAccumulator();
  return new Promise((resolve) => {
    let off = () => {};
    const done = (status: PrinterStatus | null) => {
      clearTimeout(timer);
      off();
      resolve(status);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    off = link.onData((chunk) => {
      try {
        const status = acc.push(chunk);
        if (status) done(status);
      } catch {
        done(null);
      }
    });
    link.write(Buffer.from('~HS', 'latin1')).catch(() => done(null));
  });
}
