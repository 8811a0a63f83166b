/**
 * Updates of the installed app (issue 7), the pure part: whether this workstation updates itself,
 * from where, and what state an update is in. Plain Node: no electron, no electron-updater here.
 *
 * An update is found on the internal server named by `updateUrl` in the provisioning config
 * (electron-updater's generic provider: `latest.yml` next to the installers), downloaded in the
 * background, and installed when the clerk closes the app, so the next start runs the new version.
 * Nothing ever restarts the app under a clerk's hands.
 */
import { schemas } from '../../preload/contract';

/** Checked at start and then every 4 hours while the app runs. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** The settings applied to electron-updater's autoUpdater; never changed at run time. */
export const UPDATER_SETTINGS = {
  /** Download as soon as a newer version is found, in the background. */
  autoDownload: true,
  /** Install when the app quits normally (exit code 0): the next start is the new version. */
  autoInstallOnAppQuit: true,
  /** After the installer ran on quit, do not start the app again by itself. */
  autoRunAppAfterInstall: false,
  /** A feed offering an older version (a replaced or stale server) is not followed. */
  allowDowngrade: false,
  allowPrerelease: false,
  /** Only full installers, whose signature is checked as a whole; no web installer fetching parts. */
  disableWebInstaller: true,
} as const;

/**
 * How this copy was installed, which decides who updates it:
 * - nsis: the NSIS installer; electron-updater runs the new one on quit (silent, elevated for all users).
 * - msi: installed by msiexec or Group Policy (or a copied folder): new versions come as a new MSI
 *   through Group Policy, the same UpgradeCode replaces the old one. Two installers fighting over
 *   one folder would leave a broken install, so the app stays out of it.
 * - deb: installed by dpkg/apt; updating needs root, so IT updates it through apt.
 * - appimage: a single file that electron-updater replaces on quit.
 * - other: not a packaged install (development, a `--dir` build, macOS).
 */
export type InstallKind = 'nsis' | 'msi' | 'deb' | 'appimage' | 'other';

export interface UpdateContext {
  /** From the provisioning config; absent means no updates. */
  updateUrl: string | undefined;
  isPackaged: boolean;
  installKind: InstallKind;
}

export interface UpdateFeed {
  provider: 'generic';
  url: string;
}

export type UpdatePolicy = { enabled: false; reason: string } | { enabled: true; feed: UpdateFeed; checkIntervalMs: number };

const NOT_SELF_UPDATING: Record<Exclude<InstallKind, 'nsis' | 'appimage'>, string> = {
  msi: 'Программа установлена из MSI (или скопирована вручную): новые версии устанавливает администратор — групповой политикой или новым MSI.',
  deb: 'Программа установлена пакетом .deb: обновление требует прав root, его выполняет администратор через apt.',
  other: 'Программа запущена не из установленного пакета: автоматическое обновление недоступно.',
};

export function decideUpdates(context: UpdateContext): UpdatePolicy {
  const url = context.updateUrl?.trim() ?? '';
  if (url === '')
    return { enabled: false, reason: 'Адрес сервера обновлений (updateUrl) не задан в файле конфигурации: обновления выключены.' };
  if (!context.isPackaged) return { enabled: false, reason: NOT_SELF_UPDATING.other };
  if (context.installKind !== 'nsis' && context.installKind !== 'appimage')
    return { enabled: false, reason: NOT_SELF_UPDATING[context.installKind] };
  // The config is validated when read; checked again so that no other caller can hand over plain http.
  const problem = schemas.registryUrlProblem(url);
  if (problem !== null) return { enabled: false, reason: 'Адрес сервера обновлений должен начинаться с https://: обновления выключены.' };
  // electron-updater resolves latest.yml and the installers relative to the feed: the URL is a folder.
  return {
    enabled: true,
    feed: { provider: 'generic', url: url.endsWith('/') ? url : `${url}/` },
    checkIntervalMs: UPDATE_CHECK_INTERVAL_MS,
  };
}

/** Where the update of this run stands. `downloaded` is final for the run: it installs on quit. */
export type UpdateState =
  | { status: 'disabled'; reason: string }
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'downloading'; version: string | null; percent: number }
  | { status: 'downloaded'; version: string }
  | { status: 'error'; message: string; code: string | null };

/** What electron-updater reports, reduced to what the state needs. */
export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'not-available' }
  | { type: 'available'; version: string }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; error: unknown };

export function initialUpdateState(policy: UpdatePolicy): UpdateState {
  return policy.enabled ? { status: 'idle' } : { status: 'disabled', reason: policy.reason };
}

export function nextUpdateState(state: UpdateState, event: UpdateEvent): UpdateState {
  if (state.status === 'disabled') return state;
  // A downloaded update stays: it is installed when the app quits, whatever a later check says.
  if (state.status === 'downloaded') return event.type === 'downloaded' ? { status: 'downloaded', version: event.version } : state;
  switch (event.type) {
    case 'checking':
      return state.status === 'downloading' ? state : { status: 'checking' };
    case 'not-available':
      return state.status === 'downloading' ? state : { status: 'idle' };
    case 'available':
      return { status: 'downloading', version: event.version, percent: 0 };
    case 'progress': {
      const version = state.status === 'downloading' ? state.version : null;
      const previous = state.status === 'downloading' ? state.percent : 0;
      const percent = Number.isFinite(event.percent) ? Math.min(100, Math.max(0, Math.floor(event.percent))) : previous;
      return { status: 'downloading', version, percent };
    }
    case 'downloaded':
      return { status: 'downloaded', version: event.version };
    case 'error':
      return { status: 'error', message: updateErrorMessage(event.error), code: errorCode(event.error) };
  }
}

/** Checks start only from a resting state: never over a download, never after one is ready. */
export function shouldCheck(state: UpdateState): boolean {
  return state.status === 'idle' || state.status === 'error';
}

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

function statusCode(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return null;
  return typeof error.statusCode === 'number' ? error.statusCode : null;
}

const FEED_PROBLEMS = new Set([
  'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
  'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
  'ERR_UPDATER_INVALID_UPDATE_INFO',
  'ERR_UPDATER_NO_FILES_PROVIDED',
  'ERR_UPDATER_NO_CHECKSUM',
  'ERR_UPDATER_INVALID_VERSION',
  'ERR_UPDATER_ASSET_NOT_FOUND',
]);
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** The clerk- and administrator-facing text for a failed check or download (Russian). */
export function updateErrorMessage(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE')
    return 'Обновление не подписано издателем программы и не будет установлено. Сообщите администратору.';
  if (code === 'ERR_CHECKSUM_MISMATCH')
    return 'Загруженное обновление повреждено (контрольная сумма не совпала) и не будет установлено. Программа загрузит его снова при следующей проверке.';
  if (code === 'ERR_UPDATER_WEB_INSTALLER_DISABLED')
    return 'Сервер обновлений предлагает веб-установщик, а программа принимает только полный подписанный установщик. Сообщите администратору.';
  if (code !== null && FEED_PROBLEMS.has(code))
    return 'На сервере обновлений нет корректных сведений о версии (latest.yml). Сообщите администратору.';
  const http = statusCode(error);
  if (http === 401 || http === 403) return `Сервер обновлений отказал в доступе (HTTP ${http}). Сообщите администратору.`;
  if (
    (code !== null && NETWORK_CODES.has(code)) ||
    /net::ERR_|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|socket hang up/i.test(message) ||
    (http !== null && http >= 500)
  )
    return 'Сервер обновлений недоступен. Программа повторит проверку позже.';
  return 'Не удалось проверить или загрузить обновление. Подробности — в журнале программы.';
}
