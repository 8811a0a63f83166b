/**
 * Drives an updater (electron-updater's autoUpdater in the app, a fake in tests) by the policy:
 * applies the fixed settings and the feed, turns its events into UpdateState, checks at start and
 * every few hours, and logs what happens. Plain Node: the Electron layer hands the updater in.
 *
 * There is deliberately no way to install from here: the downloaded update is installed by
 * electron-updater when the app quits (autoInstallOnAppQuit), never in the middle of work.
 */
import type { Logger } from '../log';
import {
  initialUpdateState,
  nextUpdateState,
  shouldCheck,
  UPDATER_SETTINGS,
  type UpdateEvent,
  type UpdateFeed,
  type UpdatePolicy,
  type UpdateState,
} from './policy';

/** electron-updater's logger interface. */
export interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
  debug?(message: string): void;
}

/** The part of electron-updater's AppUpdater this module uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  autoRunAppAfterInstall: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  disableWebInstaller: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: UpdateFeed): void;
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateController {
  state(): UpdateState;
  /** One check now, unless a check or download is under way or an update is waiting for the quit. */
  check(): Promise<void>;
  stop(): void;
}

export interface UpdateControllerOptions {
  policy: UpdatePolicy;
  /** Called only when updates are enabled: electron-updater builds its platform updater on first access. */
  updater: () => UpdaterLike;
  log: Logger;
  onChange?: (state: UpdateState) => void;
  /** Repeats `run` every `ms`; returns a cancel function. Tests pass their own. */
  every?: (ms: number, run: () => void) => () => void;
}

const defaultEvery = (ms: number, run: () => void) => {
  const timer = setInterval(run, ms);
  // The timer alone must never keep the process alive.
  timer.unref();
  return () => clearInterval(timer);
};

/** Credentials in a URL (`https://user:secret@host/`) never reach the log. */
export const withoutUrlCredentials = (text: string) => text.replace(/(\/\/)[^/@\s]+@/g, '$1***@');

function logText(message: unknown): string {
  if (typeof message === 'string') return withoutUrlCredentials(message);
  if (message instanceof Error) return withoutUrlCredentials(message.message);
  try {
    return withoutUrlCredentials(JSON.stringify(message) ?? String(message));
  } catch {
    return String(message);
  }
}

/** electron-updater's own log lines, into our scrubbed log. */
export function updaterLogger(log: Logger): UpdaterLogger {
  return {
    info: (m) => log.info(`updater: ${logText(m)}`),
    warn: (m) => log.warn(`updater: ${logText(m)}`),
    error: (m) => log.error(`updater: ${logText(m)}`),
    debug: (m) => log.debug(`updater: ${logText(m)}`),
  };
}

function fieldsOf(state: UpdateState): Record<string, unknown> {
  switch (state.status) {
    case 'disabled':
      return { status: state.status, reason: state.reason };
    case 'downloading':
      return { status: state.status, version: state.version, percent: state.percent };
    case 'downloaded':
      return { status: state.status, version: state.version };
    case 'error':
      return { status: state.status, code: state.code, text: state.message };
    default:
      return { status: state.status };
  }
}

export function startUpdateController(options: UpdateControllerOptions): UpdateController {
  const { policy, log } = options;
  let state = initialUpdateState(policy);
  if (!policy.enabled) {
    log.info('updates off', { reason: policy.reason });
    return { state: () => state, check: async () => {}, stop: () => {} };
  }

  const updater = options.updater();
  Object.assign(updater, UPDATER_SETTINGS);
  updater.logger = updaterLogger(log);
  updater.setFeedURL(policy.feed);
  log.info('updates on', { feed: withoutUrlCredentials(policy.feed.url), everyHours: policy.checkIntervalMs / 3_600_000 });

  const apply = (event: UpdateEvent) => {
    const next = nextUpdateState(state, event);
    if (next === state) return;
    const previous = state;
    state = next;
    // Progress is logged at each quarter, not at every chunk.
    const quiet =
      previous.status === 'downloading' &&
      next.status === 'downloading' &&
      Math.floor(previous.percent / 25) === Math.floor(next.percent / 25);
    if (!quiet) {
      if (next.status === 'downloaded') log.info('update downloaded: it is installed when the app is closed', fieldsOf(next));
      else log.info('update state', fieldsOf(next));
    }
    options.onChange?.(state);
  };

  updater.on('checking-for-update', () => apply({ type: 'checking' }));
  updater.on('update-not-available', () => apply({ type: 'not-available' }));
  updater.on('update-available', (info) => apply({ type: 'available', version: info.version }));
  updater.on('download-progress', (info) => apply({ type: 'progress', percent: info.percent }));
  updater.on('update-downloaded', (info) => apply({ type: 'downloaded', version: info.version }));
  updater.on('error', (error) => {
    log.warn('update failed', { error });
    apply({ type: 'error', error });
  });

  let stopped = false;
  const check = async () => {
    if (stopped || !shouldCheck(state)) return;
    try {
      const result = await updater.checkForUpdates();
      // A failed download is reported through the 'error' event; the promise must not go unhandled.
      result?.downloadPromise?.catch(() => {});
    } catch (error) {
      // Also reported through the 'error' event (and logged there).
      apply({ type: 'error', error });
    }
  };
  const cancel = (options.every ?? defaultEvery)(policy.checkIntervalMs, () => void check());
  void check();
  return {
    state: () => state,
    check,
    stop: () => {
      stopped = true;
      cancel();
    },
  };
}
