/**
 * When backups are made, in the running app: every hour while there are changes (a newer audit
 * row than the last backup holds — every change of state writes one), after a signing when the
 * last backup is older than 10 minutes, at shutdown, and at once after a retention purge or an
 * early erase. One at a time; a request during a run is served by one more run after it. Nothing
 * here is awaited by a clerk's call: a signing only asks for a backup.
 *
 * A backup holds no data past its purge date. Older backups of this desk cannot be purged in
 * place (they are sealed files in IT's folder), so they are re-made: after the live database
 * purges or erases anything, a new backup is written and every older one of this desk removed —
 * removed even when the new one fails (then the failure shows to the admin): erased data must
 * not outlive the erase. Besides, no backup is kept longer than min(keepDays, retentionDays) days,
 * and the newest is refreshed twice a day so that limit never leaves the desk without one.
 *
 * Failures are kept (backup-status.json), logged, and pushed to the administrators' clients.
 */
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { BackupStatus } from '../../preload/contract';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { BackupError, makeBackup, removeDeskBackups, type BackupTarget, type MadeBackup } from './make';
import { readStatusFile, writeStatusFile, type BackupStatusFile } from './status';

export const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** After a signing, a backup is made when the last one is older than this. */
export const AFTER_SIGNING_MS = 10 * 60 * 1000;
/** With no changes, the newest backup is still re-made when older than this (see the age limit above). */
const REFRESH_MS = 12 * HOUR_MS;

export type BackupReason = 'hourly' | 'signing' | 'shutdown' | 'purge' | 'manual';

export interface BackupServiceOptions {
  db: Knex;
  dataDir: string;
  databaseFile: string;
  dataKey: Buffer;
  /** Null: the config has no `backup` key; the service only answers its status. */
  target: BackupTarget | null;
  desk: () => { officeCode: string; workstationId: string; retentionDays: number };
  appVersion: string;
  clock: Clock;
  log: Logger;
  /** Pushes each change of the status (to the administrators' clients). */
  onStatus: (status: BackupStatus) => void;
  intervalMs?: number;
  pagesPerStep?: number;
}

export interface BackupService {
  status(): BackupStatus;
  /** Makes a backup now (after the one running, when there is one); the error is also kept in the status. */
  runNow(reason: BackupReason): Promise<MadeBackup | null>;
  /** A signing happened: a backup if the last is older than 10 minutes (not awaited). */
  afterSigning(): void;
  /** The live database purged or erased personal data: re-make the backups (not awaited). */
  afterPurge(): void;
  start(): void;
  /** Waits for the backup in progress, then makes the shutdown backup when there are changes. */
  stop(): Promise<void>;
  /**
   * The database was found damaged: no backup from now on, not even at shutdown, so copies of the
   * damaged file never take the place of the good ones.
   */
  halt(): void;
}

export function createBackupService(options: BackupServiceOptions): BackupService {
  const { target, log, clock } = options;
  let file: BackupStatusFile = readStatusFile(options.dataDir);
  let running = false;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<MadeBackup | null> | null = null;
  let queuedReason: BackupReason = 'manual';
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const status = (): BackupStatus => ({
    configured: target !== null,
    running,
    lastAt: file.lastAt,
    lastFile: file.lastFile,
    lastError: file.lastError ? { at: file.lastError.at, code: file.lastError.code } : null,
  });
  const push = () => options.onStatus(status());

  async function save(next: BackupStatusFile): Promise<void> {
    file = next;
    await writeStatusFile(options.dataDir, next).catch((error: unknown) => log.warn('backup.status_not_saved', { error }));
  }

  async function auditSeq(): Promise<number> {
    const row = (await options.db('audit_head').select('seq').where('id', 1).first()) as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  async function once(reason: BackupReason): Promise<MadeBackup | null> {
    if (!target) return null;
    running = true;
    push();
    const desk = options.desk();
    const now = clock.now();
    try {
      const made = await makeBackup({
        databaseFile: options.databaseFile,
        stagingDir: join(options.dataDir, 'backup-staging'),
        dataKey: options.dataKey,
        target,
        officeCode: desk.officeCode,
        workstationId: desk.workstationId,
        appVersion: options.appVersion,
        now,
        log,
        ...(options.pagesPerStep !== undefined && { pagesPerStep: options.pagesPerStep }),
      });
      await save({ lastAt: made.createdAt, lastFile: made.name, lastAuditSeq: made.auditSeq, lastError: null });
      log.info('backup.done', { reason, file: made.name });
      const keepDays = Math.min(target.keepDays, desk.retentionDays);
      // After a purge every older backup may hold erased data; otherwise only the expired ones go.
      const before = reason === 'purge' ? now : new Date(now.getTime() - keepDays * DAY_MS);
      await removeDeskBackups(target, desk, before, made.name, log);
      return made;
    } catch (error) {
      const known = error instanceof BackupError ? error : new BackupError('failed', `Резервная копия не сделана: ${String(error)}`);
      // The log line is the record IT reads; the header tells the admin to look.
      log.error('backup.failed', { reason, code: known.code, detail: known.message, error });
      await save({ ...file, lastError: { at: now.toISOString(), code: known.code, message: known.message } });
      if (reason === 'purge') await removeDeskBackups(target, desk, now, null, log);
      throw known;
    } finally {
      running = false;
      push();
    }
  }

  /** Runs after the one in progress; requests while one waits share it. */
  function request(reason: BackupReason): Promise<MadeBackup | null> {
    // A run that has not started yet serves this request too (a purge makes it a purge run);
    // a run already going may have copied the database before the purge, so it is not shared.
    if (queued) {
      if (reason === 'purge') queuedReason = reason;
      return queued;
    }
    queuedReason = reason;
    const next = chain.then(() => {
      queued = null;
      return once(queuedReason);
    });
    queued = next;
    chain = next.catch(() => undefined);
    return next;
  }

  const background = (reason: BackupReason) => {
    if (!target || stopped) return;
    void request(reason).catch(() => undefined);
  };

  async function changed(): Promise<boolean> {
    return file.lastAuditSeq === null || (await auditSeq()) > file.lastAuditSeq;
  }

  const age = () => (file.lastAt === null ? Infinity : clock.now().getTime() - Date.parse(file.lastAt));

  async function tick(): Promise<void> {
    if (age() >= REFRESH_MS || (await changed())) background('hourly');
  }

  return {
    status,
    runNow: (reason) => request(reason),
    afterSigning() {
      if (age() >= AFTER_SIGNING_MS) background('signing');
    },
    afterPurge() {
      background('purge');
    },
    start() {
      if (!target || timer) return;
      timer = setInterval(
        () => void tick().catch((error: unknown) => log.error('backup.tick_failed', { error })),
        options.intervalMs ?? HOUR_MS,
      );
      timer.unref();
    },
    halt() {
      if (timer) clearInterval(timer);
      timer = null;
      stopped = true;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await chain;
      if (target && !stopped && (await changed())) await request('shutdown').catch(() => undefined);
      stopped = true;
    },
  };
}
