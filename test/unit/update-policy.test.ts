/** Updates: the policy, the state of an update, and the controller over a fake autoUpdater (main/updates). */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  startUpdateController,
  updaterLogger,
  withoutUrlCredentials,
  type UpdaterLike,
  type UpdaterLogger,
} from '../../main/updates/controller';
import {
  decideUpdates,
  nextUpdateState,
  shouldCheck,
  UPDATE_CHECK_INTERVAL_MS,
  updateErrorMessage,
  UPDATER_SETTINGS,
  type InstallKind,
  type UpdateContext,
  type UpdateEvent,
  type UpdatePolicy,
  type UpdateState,
} from '../../main/updates/policy';
import type { Logger } from '../../main/log';
import { updateAuditOf } from '../../main/updates/audit';

const URL_OK = 'https://updates.office.example.by/okno';
const ctx = (updateUrl: string | undefined, installKind: InstallKind = 'nsis', isPackaged = true): UpdateContext => ({
  updateUrl,
  installKind,
  isPackaged,
});

describe('decideUpdates', () => {
  it.each<[string, UpdateContext, UpdatePolicy | RegExp]>([
    [
      'NSIS install with a URL',
      ctx(URL_OK),
      { enabled: true, feed: { provider: 'generic', url: `${URL_OK}/` }, checkIntervalMs: UPDATE_CHECK_INTERVAL_MS },
    ],
    [
      'the URL keeps its trailing slash',
      ctx(`${URL_OK}/`),
      { enabled: true, feed: { provider: 'generic', url: `${URL_OK}/` }, checkIntervalMs: UPDATE_CHECK_INTERVAL_MS },
    ],
    [
      'AppImage with a URL',
      ctx(URL_OK, 'appimage'),
      { enabled: true, feed: { provider: 'generic', url: `${URL_OK}/` }, checkIntervalMs: UPDATE_CHECK_INTERVAL_MS },
    ],
    [
      'http on loopback (tests, a local mirror)',
      ctx('http://127.0.0.1:8080/okno/'),
      { enabled: true, feed: { provider: 'generic', url: 'http://127.0.0.1:8080/okno/' }, checkIntervalMs: UPDATE_CHECK_INTERVAL_MS },
    ],
    ['no URL', ctx(undefined), /updateUrl.*не задан/],
    ['a blank URL', ctx('   '), /updateUrl.*не задан/],
    ['not packaged (development)', ctx(URL_OK, 'nsis', false), /не из установленного пакета/],
    ['an MSI install: Group Policy updates it', ctx(URL_OK, 'msi'), /MSI/],
    ['a deb install: apt updates it', ctx(URL_OK, 'deb'), /\.deb.*apt/],
    ['an unknown install', ctx(URL_OK, 'other'), /не из установленного пакета/],
    ['plain http to another host', ctx('http://updates.office.example.by/okno/'), /https:\/\//],
    ['not a URL', ctx('updates/okno'), /https:\/\//],
  ])('%s', (_name, context, expected) => {
    const policy = decideUpdates(context);
    if (expected instanceof RegExp) {
      expect(policy.enabled).toBe(false);
      if (!policy.enabled) expect(policy.reason).toMatch(expected);
    } else expect(policy).toEqual(expected);
  });

  it('checks every 4 hours', () => {
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(4 * 60 * 60 * 1000);
  });

  it('downloads in the background, installs on quit, never downgrades, no prereleases, no web installer', () => {
    expect(UPDATER_SETTINGS).toEqual({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      autoRunAppAfterInstall: false,
      allowDowngrade: false,
      allowPrerelease: false,
      disableWebInstaller: true,
    });
  });
});

const idle: UpdateState = { status: 'idle' };
const checking: UpdateState = { status: 'checking' };
const downloading = (percent: number, version: string | null = '0.2.0'): UpdateState => ({ status: 'downloading', version, percent });
const downloaded = (version = '0.2.0'): UpdateState => ({ status: 'downloaded', version });
const disabled: UpdateState = { status: 'disabled', reason: 'нет адреса' };
const coded = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const offline = coded('ENOTFOUND', 'getaddrinfo ENOTFOUND updates.office.example.by');
const offlineState: UpdateState = {
  status: 'error',
  message: 'Сервер обновлений недоступен. Программа повторит проверку позже.',
  code: 'ENOTFOUND',
};

describe('nextUpdateState', () => {
  it.each<[string, UpdateState, UpdateEvent, UpdateState]>([
    ['idle → checking', idle, { type: 'checking' }, checking],
    ['checking → idle when there is nothing new', checking, { type: 'not-available' }, idle],
    ['checking → downloading when a version is found', checking, { type: 'available', version: '0.2.0' }, downloading(0)],
    ['progress is kept as a whole percent', downloading(0), { type: 'progress', percent: 41.7 }, downloading(41)],
    ['progress above 100 is 100', downloading(90), { type: 'progress', percent: 100.4 }, downloading(100)],
    ['progress below 0 is 0', downloading(10), { type: 'progress', percent: -3 }, downloading(0)],
    ['a NaN progress keeps the last percent', downloading(30), { type: 'progress', percent: Number.NaN }, downloading(30)],
    ['progress without a known version', checking, { type: 'progress', percent: 5 }, downloading(5, null)],
    ['downloading → downloaded', downloading(100), { type: 'downloaded', version: '0.2.0' }, downloaded()],
    ['a check during a download does not reset it', downloading(50), { type: 'checking' }, downloading(50)],
    ['"nothing new" during a download does not reset it', downloading(50), { type: 'not-available' }, downloading(50)],
    ['a failed download is an error', downloading(50), { type: 'error', error: offline }, offlineState],
    ['a failed check is an error', checking, { type: 'error', error: offline }, offlineState],
    ['error → checking on the next check', offlineState, { type: 'checking' }, checking],
    ['downloaded stays on a later check', downloaded(), { type: 'checking' }, downloaded()],
    ['downloaded stays on a later error', downloaded(), { type: 'error', error: offline }, downloaded()],
    ['downloaded stays when "nothing new"', downloaded(), { type: 'not-available' }, downloaded()],
    ['a newer download replaces the waiting one', downloaded('0.2.0'), { type: 'downloaded', version: '0.3.0' }, downloaded('0.3.0')],
    ['disabled stays disabled', disabled, { type: 'available', version: '0.2.0' }, disabled],
  ])('%s', (_name, state, event, expected) => {
    expect(nextUpdateState(state, event)).toEqual(expected);
  });

  it.each<[UpdateState, boolean]>([
    [idle, true],
    [offlineState, true],
    [checking, false],
    [downloading(10), false],
    [downloaded(), false],
    [disabled, false],
  ])('shouldCheck(%j) is %s', (state, expected) => {
    expect(shouldCheck(state)).toBe(expected);
  });
});

describe('updateErrorMessage (Russian, says what to do)', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'a signature that is not the publisher’s',
      coded('ERR_UPDATER_INVALID_SIGNATURE', 'not signed by the application owner'),
      /не подписано издателем/,
    ],
    ['a sha512 mismatch', coded('ERR_CHECKSUM_MISMATCH', 'sha512 checksum mismatch'), /контрольная сумма не совпала/],
    ['no latest.yml on the server', coded('ERR_UPDATER_CHANNEL_FILE_NOT_FOUND', 'Cannot find channel "latest.yml"'), /latest\.yml/],
    ['a web installer offered', coded('ERR_UPDATER_WEB_INSTALLER_DISABLED'), /веб-установщик/],
    ['DNS failure', offline, /недоступен/],
    ['Chromium network error', new Error('net::ERR_CONNECTION_REFUSED'), /недоступен/],
    ['HTTP 503', Object.assign(new Error('HttpError: 503'), { statusCode: 503 }), /недоступен/],
    ['HTTP 403', Object.assign(new Error('HttpError: 403'), { statusCode: 403 }), /отказал в доступе \(HTTP 403\)/],
    ['anything else', new Error('boom'), /Подробности — в журнале/],
    ['not even an Error', 'boom', /Подробности — в журнале/],
  ])('%s', (_name, error, expected) => {
    expect(updateErrorMessage(error)).toMatch(expected);
  });
});

/** Stands in for electron-updater's autoUpdater: an event emitter with the same settings and calls. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  autoRunAppAfterInstall = true;
  allowDowngrade = true;
  allowPrerelease = true;
  disableWebInstaller = false;
  logger: UpdaterLogger | null = null;
  feeds: unknown[] = [];
  checks = 0;
  nextCheck: () => Promise<{ downloadPromise?: Promise<unknown> | null } | null> = async () => null;
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  }
  checkForUpdates() {
    this.checks += 1;
    return this.nextCheck();
  }
}

type Line = { level: string; message: string; fields?: Record<string, unknown> };
function memoryLog(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function manualTimer() {
  const timer = { ms: 0, run: () => {}, cancelled: false };
  const every = (ms: number, run: () => void) => {
    timer.ms = ms;
    timer.run = run;
    return () => void (timer.cancelled = true);
  };
  return { timer, every };
}

const enabled = decideUpdates(ctx(URL_OK));
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('startUpdateController', () => {
  it('does not touch the updater when updates are off, and logs why', async () => {
    const log = memoryLog();
    let touched = false;
    const controller = startUpdateController({
      policy: decideUpdates(ctx(undefined)),
      updater: () => {
        touched = true;
        return new FakeUpdater();
      },
      log,
    });
    await controller.check();
    expect(touched).toBe(false);
    expect(controller.state().status).toBe('disabled');
    expect(log.lines).toEqual([{ level: 'info', message: 'updates off', fields: { reason: expect.stringMatching(/updateUrl/) } }]);
  });

  it('applies the settings and the feed, checks at start and every 4 hours', async () => {
    const fake = new FakeUpdater();
    const { timer, every } = manualTimer();
    const controller = startUpdateController({ policy: enabled, updater: () => fake, log: memoryLog(), every });
    expect(fake).toMatchObject(UPDATER_SETTINGS);
    expect(fake.logger).not.toBeNull();
    expect(fake.feeds).toEqual([{ provider: 'generic', url: `${URL_OK}/` }]);
    expect(timer.ms).toBe(4 * 60 * 60 * 1000);
    await flush();
    expect(fake.checks).toBe(1);
    timer.run();
    await flush();
    expect(fake.checks).toBe(2);
    controller.stop();
    expect(timer.cancelled).toBe(true);
    await controller.check();
    expect(fake.checks).toBe(2);
  });

  it('follows the events to "downloaded", then stops checking; it never installs by itself', async () => {
    const fake = new FakeUpdater();
    const log = memoryLog();
    const states: string[] = [];
    const { timer, every } = manualTimer();
    const controller = startUpdateController({ policy: enabled, updater: () => fake, log, every, onChange: (s) => states.push(s.status) });
    await flush();
    fake.emit('checking-for-update');
    fake.emit('update-available', { version: '0.2.0' });
    for (const percent of [3, 10, 26, 27, 60, 99.9]) fake.emit('download-progress', { percent });
    expect(controller.state()).toEqual({ status: 'downloading', version: '0.2.0', percent: 99 });
    // A periodic check during the download is skipped.
    timer.run();
    await flush();
    expect(fake.checks).toBe(1);
    fake.emit('update-downloaded', { version: '0.2.0' });
    expect(controller.state()).toEqual({ status: 'downloaded', version: '0.2.0' });
    timer.run();
    await flush();
    expect(fake.checks).toBe(1);
    expect(states[0]).toBe('checking');
    expect(states.at(-1)).toBe('downloaded');
    // Progress is logged at each quarter, not at every chunk.
    const progress = log.lines.filter((l) => l.fields?.status === 'downloading').map((l) => l.fields?.percent);
    expect(progress).toEqual([0, 26, 60, 99]);
    expect(log.lines.some((l) => /installed when the app is closed/.test(l.message))).toBe(true);
    // The fake has no quitAndInstall and nothing asked for one: installing is electron-updater's, on quit.
    expect('quitAndInstall' in fake).toBe(false);
  });

  it('reports a failed check in Russian and checks again later', async () => {
    const fake = new FakeUpdater();
    const log = memoryLog();
    const { timer, every } = manualTimer();
    fake.nextCheck = async () => {
      fake.emit('error', offline);
      throw offline;
    };
    const controller = startUpdateController({ policy: enabled, updater: () => fake, log, every });
    await flush();
    expect(controller.state()).toEqual(offlineState);
    expect(log.lines.filter((l) => l.message === 'update failed')).toHaveLength(1);
    fake.nextCheck = async () => {
      fake.emit('checking-for-update');
      fake.emit('update-not-available', { version: '0.1.0' });
      return null;
    };
    timer.run();
    await flush();
    expect(fake.checks).toBe(2);
    expect(controller.state()).toEqual({ status: 'idle' });
  });

  it('handles a failed background download (no unhandled rejection)', async () => {
    const fake = new FakeUpdater();
    const failedDownload = Promise.reject(coded('ERR_CHECKSUM_MISMATCH', 'sha512 checksum mismatch'));
    fake.nextCheck = async () => {
      fake.emit('update-available', { version: '0.2.0' });
      fake.emit('error', coded('ERR_CHECKSUM_MISMATCH', 'sha512 checksum mismatch'));
      return { downloadPromise: failedDownload };
    };
    const controller = startUpdateController({ policy: enabled, updater: () => fake, log: memoryLog(), every: manualTimer().every });
    await flush();
    await flush();
    expect(controller.state()).toMatchObject({ status: 'error', code: 'ERR_CHECKSUM_MISMATCH' });
  });

  it('passes electron-updater’s own lines to the log without URL credentials', () => {
    const log = memoryLog();
    const logger = updaterLogger(log);
    logger.info('Checking for update from https://it:s3cret@updates.example.by/okno/');
    logger.warn(new Error('Cannot download https://u:p@host/x.exe'));
    logger.debug?.('Download speed');
    expect(log.lines.map((l) => [l.level, l.message])).toEqual([
      ['info', 'updater: Checking for update from https://***@updates.example.by/okno/'],
      ['warn', 'updater: Cannot download https://***@host/x.exe'],
      ['debug', 'updater: Download speed'],
    ]);
    expect(withoutUrlCredentials('https://updates.example.by/okno/')).toBe('https://updates.example.by/okno/');
  });
});

describe('update audit rows', () => {
  const idle: UpdateState = { status: 'idle' };
  const cases: Array<[string, UpdateState, UpdateState, ReturnType<typeof updateAuditOf>]> = [
    [
      'a download finished',
      { status: 'downloading', version: '1.2.0', percent: 99 },
      { status: 'downloaded', version: '1.2.0' },
      { action: 'app.update_downloaded', details: { version: '1.2.0' } },
    ],
    ['the same download reported again', { status: 'downloaded', version: '1.2.0' }, { status: 'downloaded', version: '1.2.0' }, null],
    [
      'a newer download after the first',
      { status: 'downloaded', version: '1.2.0' },
      { status: 'downloaded', version: '1.3.0' },
      { action: 'app.update_downloaded', details: { version: '1.3.0' } },
    ],
    [
      'a failure',
      { status: 'checking' },
      { status: 'error', message: 'Сервер обновлений недоступен.', code: 'ERR_X' },
      { action: 'app.update_failed', details: { code: 'ERR_X' } },
    ],
    ['the failure repeated', { status: 'error', message: 'a', code: 'ERR_X' }, { status: 'error', message: 'a', code: 'ERR_X' }, null],
    ['a check', idle, { status: 'checking' }, null],
    ['progress', { status: 'downloading', version: null, percent: 1 }, { status: 'downloading', version: null, percent: 50 }, null],
  ];
  it.each(cases)('%s', (_name, previous, next, expected) => {
    expect(updateAuditOf(previous, next)).toEqual(expected);
  });
});
