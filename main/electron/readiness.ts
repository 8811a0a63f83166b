/**
 * The readiness lines only Electron can make (issue 17), added to the admin screen's check: the
 * safeStorage backend the data key is sealed with, one IPC round trip started from the main
 * process, the page printed to PDF through its webContents, and the updater's state. These cannot
 * run on the development machines (no Electron binary there); the verdicts are the pure builders of
 * main/readiness/lines-electron.ts, tested on their own, and this check is how the Electron layer is
 * verified on the first real desk.
 */
import type { BrowserWindow } from 'electron';
import type { KeySealingInput } from '../key-sealing';
import { ipcLine, printPdfLine, sealBackendLine, updaterLine } from '../readiness/lines-electron';
import type { ReadinessLine } from '../readiness/line';
import type { UpdateStatusSource } from '../updates/status';

const ROUND_TRIP_TIMEOUT_MS = 5000;

export interface ElectronReadinessOptions {
  sealing: KeySealingInput;
  /** The app's one window, when open. */
  window: () => BrowserWindow | null;
  clientIdOf: (window: BrowserWindow) => string;
  updates: UpdateStatusSource;
}

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: нет ответа за ${ms / 1000} с`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * main → page → preload bridge → ipcMain → router → back: the page calls `app.info` through
 * `window.okno` exactly as the interface does, and hands the answer back to the main process.
 */
async function roundTrip(window: BrowserWindow): Promise<ReadinessLine> {
  const started = Date.now();
  try {
    const answer: unknown = await withTimeout(
      window.webContents.executeJavaScript("window.okno['app.info']({}).then((r) => r.ok === true)", true),
      ROUND_TRIP_TIMEOUT_MS,
      'IPC',
    );
    if (answer !== true) return ipcLine({ ok: false, detail: 'ответ app.info не получен' });
    return ipcLine({ ok: true, ms: Date.now() - started });
  } catch (error) {
    return ipcLine({ ok: false, detail: text(error) });
  }
}

/** The page on screen (the check's own screen), printed to PDF in memory: nothing is written or sent to a printer. */
async function printToPdf(window: BrowserWindow): Promise<ReadinessLine> {
  try {
    const pdf = await withTimeout(window.webContents.printToPDF({ printBackground: true }), ROUND_TRIP_TIMEOUT_MS * 2, 'PDF');
    if (pdf.subarray(0, 4).toString('latin1') !== '%PDF') return printPdfLine({ ok: false, detail: 'получен не PDF' });
    return printPdfLine({ ok: true, bytes: pdf.length });
  } catch (error) {
    return printPdfLine({ ok: false, detail: text(error) });
  }
}

export function electronReadiness(options: ElectronReadinessOptions): (clientId: string) => Promise<ReadinessLine[]> {
  return async (clientId) => {
    const lines = [sealBackendLine(options.sealing)];
    const window = options.window();
    // The check was asked for by this window (the only one); anything else has no page to test with.
    if (window === null || window.isDestroyed() || options.clientIdOf(window) !== clientId) {
      const missing = 'окно программы не открыто';
      lines.push(ipcLine({ ok: false, detail: missing }), printPdfLine({ ok: false, detail: missing }));
    } else {
      lines.push(await roundTrip(window), await printToPdf(window));
    }
    lines.push(updaterLine(options.updates.current()));
    return lines;
  };
}
