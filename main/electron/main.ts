/**
 * The Electron layer, and the only code that imports `electron`: app lifecycle, the one
 * hardened window, the custom `app://` protocol serving the renderer, and the ipc transport
 * over the same router as the HTTP harness.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json';
import { channelNames, isEventName } from '../../preload/contract';
import { startApp, StartupError, type App } from '../app';
import { CSP } from '../http/server';
import { chooseConfigFile } from '../config-location';
import { chooseKeySealing } from '../key-sealing';
import { createLogger, type Logger } from '../log';
import { machineConfigFile, rendererDir } from '../paths';
import { readStatic } from '../http/static';
import { startUpdater } from './updater';
import { electronReadiness } from './readiness';
import { audit } from '../services/deps';
import { updateAuditOf } from '../updates/audit';
import { decideUpdates, initialUpdateState, type UpdateState } from '../updates/policy';
import { createUpdateStatus } from '../updates/status';

const SCHEME = 'app';
const ORIGIN = `${SCHEME}://okno`;
const here = fileURLToPath(new URL('.', import.meta.url));

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// Every renderer is sandboxed, also one a future code path might create without saying so.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void run();
}

/** Packaged: only IT's machine config; `--config` is for development (main/config-location.ts). */
function configFile(log: Logger): string | null {
  const machineFile = machineConfigFile();
  const chosen = chooseConfigFile({
    argv: process.argv,
    packaged: app.isPackaged,
    machineFile,
    machineFileExists: existsSync(machineFile),
  });
  if (chosen.ignored !== null)
    log.warn('--config ignored: a packaged build reads only the machine config', {
      ignored: chosen.ignored,
      machineFile,
      used: chosen.file,
    });
  return chosen.file;
}

const clientIdOf = (wc: WebContents) => `ipc:${wc.id}`;

/** Only our own top-level page, loaded from our own origin, may call the main process. */
function senderAllowed(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!frame || !window || event.sender !== window.webContents) return false;
  if (frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === ORIGIN;
  } catch {
    return false;
  }
}

function hardenContents(contents: WebContents) {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // devTools: false already refuses them; this also closes them should something open them anyway.
  if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

/** Exports (CSV) are Blobs our own page makes and saves through `<a download>`. */
const isOwnExport = (url: string) => url.startsWith(`blob:${ORIGIN}/`);

async function run() {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const log = createLogger({ file: join(dataDir, 'logs', 'okno.log') });
  // No menu in the packaged app: this also removes its shortcuts (reload, devtools).
  if (app.isPackaged) Menu.setApplicationMenu(null);

  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // No remote content: only our own scheme, our own page's Blobs (exports) and the devtools' own pages load.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(`${ORIGIN}/`) || isOwnExport(details.url) || details.url.startsWith('devtools://');
    callback({ cancel: !allowed });
  });

  const root = app.isPackaged ? join(here, '..', 'renderer') : rendererDir();
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'okno') return new Response('Not found', { status: 404 });
    const file = await readStatic(root, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': file.type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  });

  let okno: App;
  let window: BrowserWindow | null = null;
  // The updater's state for the admin's header and the readiness check: a development build has none.
  const updates = createUpdateStatus(
    app.isPackaged
      ? { status: 'idle' }
      : initialUpdateState(decideUpdates({ updateUrl: undefined, isPackaged: false, installKind: 'other' })),
  );
  try {
    // The data key is sealed by the OS keystore (DPAPI on Windows, libsecret/kwallet on Linux);
    // Linux without a secret store (basic_text) keeps the 0600 key file instead (main/key-sealing.ts).
    const available = safeStorage.isEncryptionAvailable();
    const sealingInput = {
      platform: process.platform,
      available,
      ...(process.platform === 'linux' && { backend: safeStorage.getSelectedStorageBackend() }),
    };
    const sealing = chooseKeySealing(sealingInput);
    if (sealing.kind === 'refuse') throw new StartupError('key_unreadable', sealing.message);
    const safeSeal = {
      encrypt: (b: Buffer) => safeStorage.encryptString(b.toString('base64')),
      decrypt: (b: Buffer) => Buffer.from(safeStorage.decryptString(b), 'base64'),
    };
    if (sealing.kind === 'key_file') log.warn('data key not sealed: no secret store', { reason: sealing.reason, forIt: sealing.warning });
    const keys = sealing.kind === 'sealed' ? { seal: safeSeal } : available ? { previousSeal: safeSeal } : {};
    // Printing goes through the window's webContents: the system dialog, with backgrounds.
    const printPage = (clientId: string, _title: string) =>
      new Promise<boolean>((resolve) => {
        const contents = window && clientIdOf(window.webContents) === clientId ? window.webContents : null;
        if (!contents) return resolve(false);
        // The title is the page's to choose and may name the applicant: it stays out of the log.
        log.info('printing');
        contents.print({ silent: false, printBackground: true }, (success) => resolve(success));
      });
    const readinessExtra = electronReadiness({
      sealing: sealingInput,
      window: () => window,
      clientIdOf: (w) => clientIdOf(w.webContents),
      updates,
    });
    okno = await startApp({
      dataDir,
      configFile: configFile(log),
      log,
      transport: 'ipc',
      appVersion: pkg.version,
      ...keys,
      printPage,
      updates,
      readinessExtra,
    });
  } catch (error) {
    const message =
      error instanceof StartupError
        ? error.message
        : `Непредвиденная ошибка при запуске: ${error instanceof Error ? error.message : String(error)}`;
    log.error('startup failed', { error });
    dialog.showErrorBox('Окно не может запуститься', message);
    app.exit(1);
    return;
  }
  // Updates (issue 7): found and downloaded in the background, installed when the app is closed.
  if (app.isPackaged) {
    let previous: UpdateState = { status: 'idle' };
    const controller = startUpdater(okno.provisioning, log, (state) => {
      updates.set(state);
      const row = updateAuditOf(previous, state);
      previous = state;
      if (row)
        void audit(okno.deps.db, okno.deps, null, row.action, null, row.details).catch((error: unknown) =>
          log.error('update audit failed', { error }),
        );
    });
    // The disabled state (MSI, .deb, no updateUrl) is the controller's first and is never an event.
    updates.set(controller.state());
  }

  for (const name of channelNames) {
    ipcMain.handle(name, async (event, input: unknown) => {
      if (!senderAllowed(event, window)) {
        log.warn('ipc call from an unexpected sender refused', { channel: name });
        return { ok: false, error: { code: 'forbidden', message: 'Вызов отклонён.' } };
      }
      return okno.router.call(clientIdOf(event.sender), name, input);
    });
  }
  // A download writes to disk: only our window's own exports may, and Electron's save dialog asks where.
  ses.on('will-download', (event, item, contents) => {
    // A blob: URL carries the origin that made it, so no other page can pass one off as ours.
    const own = window !== null && contents === window.webContents && isOwnExport(item.getURL());
    if (!own) {
      event.preventDefault();
      log.warn('download refused: not an export of this window');
      return;
    }
    const extension = /\.([a-z0-9]{1,5})$/i.exec(item.getFilename())?.[1]?.toLowerCase();
    item.setSaveDialogOptions({
      title: 'Сохранить файл',
      defaultPath: join(app.getPath('documents'), item.getFilename()),
      filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [],
    });
    // The file name and folder may carry personal data: only the outcome is logged.
    item.once('done', (_e, state) => log.info('export download finished', { state }));
  });

  okno.bus.listen((target, event, payload) => {
    if (!window || window.isDestroyed() || !isEventName(event)) return;
    const clientId = clientIdOf(window.webContents);
    if (target === null || target === clientId) window.webContents.send(event, payload);
  });

  const createWindow = () => {
    window = new BrowserWindow({
      width: 1366,
      height: 860,
      minWidth: 1100,
      minHeight: 700,
      show: false,
      title: 'Окно',
      backgroundColor: '#f6f7f9',
      webPreferences: {
        // electronegativity PRELOAD_JS_CHECK (review): reviewed. The preload exposes only window.okno, built from
        // the contract's channel table; the page never gets ipcRenderer. Explained in build/scripts/electronegativity.mjs.
        preload: join(here, '..', 'preload', 'index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        // Middle-click would open a link in a new window; the window-open handler denies it too.
        disableBlinkFeatures: 'Auxclick',
        devTools: !app.isPackaged,
      },
    });
    const clientId = clientIdOf(window.webContents);
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      okno.dropClient(clientId);
      window = null;
    });
    void window.loadURL(`${ORIGIN}/index.html`);
  };

  app.on('second-instance', () => {
    if (!window) return createWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    okno.close().finally(() => app.exit(0));
  });
  createWindow();
}
