/**
 * Composition root, transport-agnostic: config → database (checked, backed up, migrated) →
 * services → router. Electron and the browser harness each put their transport on top.
 */
import { join } from 'node:path';
import type { Knex } from 'knex';
import { checkInBackground, closeDatabase, createFieldCipher, numberedAs, openDatabase, type BackgroundCheck } from '../db';
import { defaultMessages, fail } from '../preload/contract';
import { keyAuditChain } from './audit-chain';
import { loadOrCreateKey, type KeySeal } from './keys';
import { systemClock, type Clock } from './clock';
import { loadConfig, type ProvisioningConfig } from './config';
import { securePrivateDataDir } from './paths';
import { createEventBus, type EventBus } from './events';
import { createHandlers } from './handlers';
import type { Logger } from './log';
import { createRouter, type Router } from './router';
import { audit, type Deps } from './services/deps';
import { lockIdleSessions } from './services/auth';
import { createSettingsStore, type SettingsStore } from './services/settings';
import { createSessions, type Sessions } from './sessions';
import { createDeviceManager, type DeviceManagerOptions } from './devices/manager';
import { minskDate } from './domain/minsk-time';
import { labelPrinted, settleUnconfirmedLabels } from './services/labels';
import { createPhoneConfirmations } from './services/registry';
import { createRetention } from './services/privacy';
import { createTokenStore } from './sync/token';
import { createSyncWorker, type SyncWorkerOptions } from './sync/worker';
import { pullRosterBeforeFirstRun, syncRoster, type RosterDeps } from './sync/roster';
import { createBackupService, type BackupServiceOptions } from './backup/service';
import type { ReadinessLine } from '../preload/contract';
import { runReadiness } from './readiness/run';
import { updateStatusView, type UpdateStatusSource } from './updates/status';
import { startMark } from './start-trace';

export interface AppOptions {
  dataDir: string;
  configFile: string | null;
  log: Logger;
  transport: 'ipc' | 'http';
  appVersion: string;
  clock?: Clock;
  /** Electron prints a client's page through its webContents; the harness has no printer. */
  printPage?: PrintPage;
  /** Electron seals the data key with safeStorage; the harness keeps a 0600 key file. */
  seal?: KeySeal;
  /** A seal that may have sealed the key before but is no longer trusted (main/key-sealing.ts). */
  previousSeal?: KeySeal;
  /** How often idle sessions are checked; tests shorten it. */
  idleCheckMs?: number;
  /** Device timings and the serial opener; tests shorten the timings. */
  devices?: Partial<Omit<DeviceManagerOptions, 'reader' | 'printer' | 'log' | 'today'>>;
  /** Sync timings (tests shorten them). */
  sync?: Partial<Omit<SyncWorkerOptions, 'deps' | 'token'>>;
  /** Training and demo mode. */
  demo?: boolean;
  /** false: no purge at start and no daily timer (tests that drive `deps.retention.runNow()` themselves). */
  retention?: false;
  /** Backup timings (tests and the benchmark shorten them). */
  backup?: Pick<BackupServiceOptions, 'intervalMs' | 'pagesPerStep'>;
  /** The updater's state (the Electron layer sets it); absent: no updater (the harness). */
  updates?: UpdateStatusSource;
  /** Readiness lines only the transport can make (Electron: safeStorage, IPC, printing, updater). */
  readinessExtra?: (clientId: string) => Promise<ReadinessLine[]>;
  /** Up to this size the database is checked whole before use, above it in the background (db/integrity.ts); tests set it. */
  checkWholeUpTo?: number;
  /** Told when the background check of a large database has ended: the problems found (none: sound). */
  onBackgroundCheck?: (problems: string[]) => void;
}

/** Prints what a transport client shows; resolves false when the clerk cancelled the dialog. */
export type PrintPage = (clientId: string, title: string) => Promise<boolean>;

export interface App {
  router: Router;
  /** The provisioning config as read at start (the Electron layer takes the update server from it). */
  provisioning: ProvisioningConfig;
  bus: EventBus;
  sessions: Sessions;
  deps: Deps;
  /** Ends every session (a client went away) without touching the others. */
  dropClient(clientId: string): void;
  close(): Promise<void>;
}

/** A start-up failure the clerk or IT must act on; shown as is, the app does not start. */
export class StartupError extends Error {
  constructor(
    readonly code: 'config_invalid' | 'db_newer' | 'db_corrupt' | 'db_open_failed' | 'key_missing' | 'key_mismatch' | 'key_unreadable',
    message: string,
  ) {
    super(message);
  }
}

export const databaseFile = (dataDir: string) => join(dataDir, 'okno.sqlite');

/**
 * A config file may not renumber a desk that has numbered applications (the «Настройки» screen
 * refuses the same): its numbers carry the old number, new ones could repeat another desk's.
 */
async function refusedRenumbering(db: Knex, settings: SettingsStore, file: string | null): Promise<string | null> {
  if (!settings.readonly().includes('workstationId')) return null;
  const used = await numberedAs(db);
  const configured = settings.values().workstationId;
  if (used === null || used === configured) return null;
  return (
    `Файл конфигурации ${file ?? ''}: ключ «workstationId» — "${configured}", а это рабочее место уже выдавало журнальные номера ` +
    `с номером "${used}". Номер рабочего места с заявлениями не меняется: верните "${used}" в файле. ` +
    'Чтобы заменить компьютер, следуйте руководству ИТ (раздел «Замена рабочего места»).'
  );
}

export async function startApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const { log } = options;
  const config = loadConfig(options.configFile);
  if (!config.ok) throw new StartupError('config_invalid', config.message);

  securePrivateDataDir(options.dataDir);
  const opened = await openDatabase({
    file: databaseFile(options.dataDir),
    backupsDir: join(options.dataDir, 'backups'),
    log,
    now: () => clock.now(),
    ...(options.checkWholeUpTo !== undefined && { checkWholeUpTo: options.checkWholeUpTo }),
  });
  if (!opened.ok) throw new StartupError(opened.error.code, opened.error.message);
  startMark('database checked and migrated');
  const { db } = opened;
  const key = await loadOrCreateKey({ dataDir: options.dataDir, db, seal: options.seal, previousSeal: options.previousSeal });
  if (!key.ok) {
    await closeDatabase(db);
    throw new StartupError(key.code, key.message);
  }
  startMark('key unsealed');
  const cipher = createFieldCipher(key.key);
  // Before anything else is audited: every row from here on is keyed (main/audit-chain.ts).
  const chain = await keyAuditChain(db, key.key, () => clock.now()).catch(async (error: unknown) => {
    await closeDatabase(db);
    throw error;
  });
  if (chain.converted) log.info('audit.rechained', { rows: chain.rows });

  startMark('audit chain keyed');
  const settings = await createSettingsStore(db, config.config, log);
  const renumbered = await refusedRenumbering(db, settings, options.configFile);
  if (renumbered !== null) {
    await closeDatabase(db);
    throw new StartupError('config_invalid', renumbered);
  }
  const bus = createEventBus();
  const sessions = createSessions(clock, bus, settings.values().idleLockMinutes);
  const devices = createDeviceManager({
    ...options.devices,
    reader: settings.values().reader,
    printer: settings.values().printer,
    today: () => minskDate(clock.now()),
    log,
  });
  const token = await createTokenStore(db, cipher, config.config.registryToken);
  const backups = createBackupService({
    ...options.backup,
    db,
    dataDir: options.dataDir,
    databaseFile: databaseFile(options.dataDir),
    dataKey: key.key,
    target: config.config.backup ?? null,
    desk: () => {
      const s = settings.values();
      return { officeCode: s.officeCode, workstationId: s.workstationId, retentionDays: s.retentionDays };
    },
    appVersion: options.appVersion,
    clock,
    log,
    // Administrators only: a clerk mid-application is never shown IT's backup trouble.
    onStatus: (status) => {
      for (const clientId of sessions.clientsWithRole('admin')) bus.emit(clientId, 'backup.status', status);
    },
  });
  const retention = createRetention({
    onPurged: () => backups.afterPurge(),
    db,
    clock,
    log,
    settings,
    backupsDir: join(options.dataDir, 'backups'),
    databaseFile: databaseFile(options.dataDir),
  });
  const rosterDeps: RosterDeps = { db, clock, log, settings, sessions };
  const sync = createSyncWorker({
    ...options.sync,
    deps: { db, clock, log, cipher, settings },
    token,
    roster: (api) => syncRoster(rosterDeps, api),
  });
  const deps: Deps = {
    db,
    clock,
    log,
    sessions,
    bus,
    settings,
    cipher,
    printPage: options.printPage ?? null,
    appVersion: options.appVersion,
    transport: options.transport,
    demo: options.demo ?? false,
    devices,
    sync,
    token,
    phones: createPhoneConfirmations(),
    retention,
    backups,
    updates: options.updates ?? null,
    readiness: (clientId) =>
      runReadiness({
        dataDir: options.dataDir,
        databaseFile: databaseFile(options.dataDir),
        db,
        inApp: true,
        registryUrl: settings.values().registryUrl,
        token: async () => token.get(),
        devices: { kind: 'live', status: devices.status() },
        backupFolder: config.config.backup?.folder,
        desk: { officeCode: settings.values().officeCode, workstationId: settings.values().workstationId },
        updateUrl: config.config.updateUrl,
        appVersion: options.appVersion,
        now: () => clock.now(),
        ...(options.readinessExtra && { extra: () => options.readinessExtra?.(clientId) ?? Promise.resolve([]) }),
      }),
  };
  if (opened.migrated.length > 0)
    await audit(db, deps, null, 'db.migrated', null, { migrations: opened.migrated, backup: opened.backup !== null });
  await audit(db, deps, null, 'app.started', null, { version: options.appVersion, transport: options.transport });

  await settleUnconfirmedLabels(deps);

  // Device work that writes to the database runs one at a time, in order, and is awaited on close.
  let deviceWork: Promise<unknown> = Promise.resolve();
  const serially = (what: string, run: () => Promise<unknown>) => {
    deviceWork = deviceWork.then(run).catch((error: unknown) => log.error(`${what} failed`, { error }));
  };
  // Pushed after the audit row of the same change is written, so whoever sees it can find the row.
  devices.onStatus((status) => serially('devices status event', async () => bus.emit(null, 'devices.status', status)));
  devices.onScan((scan) => bus.emit(null, 'devices.scan', scan));
  devices.onChange((device, state, port) => {
    if (state.state === 'connecting') return;
    const details = { state: state.state, port, ...(state.state === 'error' && { code: state.code }) };
    serially('device status audit', () => audit(db, deps, null, 'device.status_changed', device, details));
  });
  // Drafts belong to a session: what it held of a citizen does not wait for the next clerk.
  sessions.onEnded((_clientId, session) => {
    devices.forgetScans();
    deps.phones.forgetClerk(session.clerkId);
  });
  devices.onPrinted((jobId) => serially('label printed', () => labelPrinted(deps, jobId)));
  sync.onStatus((status) => bus.emit(null, 'sync.status', status));
  sync.onDecided((event) => bus.emit(null, 'applications.decided', event));
  const stopUpdates = options.updates?.onChange((state) => bus.emit(null, 'updates.changed', updateStatusView(state)));
  settings.onChange((keys) => {
    if (keys.includes('registryUrl')) sync.kick();
    if (keys.includes('reader') || keys.includes('printer')) {
      const { reader, printer } = settings.values();
      serially('device reconfigure', () => devices.configure({ reader, printer }));
    }
  });

  startMark('services created');
  // Set when the background check of a large file finds damage: every call is refused from then on.
  let damaged = false;
  let integrity: BackgroundCheck | null = null;
  const router = createRouter(createHandlers(deps), sessions, log, () =>
    damaged ? fail('database_damaged', defaultMessages.database_damaged) : null,
  );
  // Before any screen (and before the worker, so the two never pull at once): issue 14.
  await pullRosterBeforeFirstRun(rosterDeps, sync.client());
  sync.start();
  backups.start();
  if (options.retention !== false) await retention.start();
  // A large file was opened after a check of its small tables; the rest is read in the background.
  // Damage found there stops every call: nothing more is written to a damaged file.
  if (!opened.checkedWhole) {
    const file = databaseFile(options.dataDir);
    const check = checkInBackground(file);
    integrity = check;
    log.info('db.check_started', { file, mode: 'background' });
    check.done.then(
      (problems) => {
        if (problems === null) return;
        if (problems.length > 0) {
          damaged = true;
          log.error('db.corrupt', { file, problems: problems.slice(0, 20), found: 'background' });
          // Nothing of ours writes to the file any more: no sync, no purge, no backup of the damaged copy.
          backups.halt();
          void sync.stop();
          void retention.stop();
        } else log.info('db.checked', { file, mode: 'background' });
        options.onBackgroundCheck?.(problems);
      },
      (error: unknown) => log.warn('db.check_failed', { file, error }),
    );
  }
  let checking: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (damaged) return;
    checking = lockIdleSessions(deps).catch((error: unknown) => log.error('idle lock check failed', { error }));
  }, options.idleCheckMs ?? 15_000);
  timer.unref();

  let closed = false;
  return {
    router,
    provisioning: config.config,
    bus,
    sessions,
    deps,
    dropClient: (clientId) => sessions.end(clientId, 'client_closed'),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      stopUpdates?.();
      await integrity?.stop();
      await checking;
      await sync.stop();
      await retention.stop();
      await devices.close();
      await deviceWork;
      if (!damaged) await audit(db, deps, null, 'app.stopped', null, {});
      // The shutdown backup holds the whole session, its last row included.
      await backups.stop();
      await closeDatabase(db);
    },
  };
}
