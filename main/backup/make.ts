/**
 * Making one backup: a consistent copy of the database with SQLite's online backup API, the data
 * key wrapped to IT's recovery key, a manifest with the SHA-256 of the copy, all packed into one
 * .okb file in IT's folder (written under a temp name, then renamed, so IT never sees half a file).
 *
 * Never blocking a clerk: the copy is read on its own connection inside one read transaction (in
 * WAL mode a reader does not block the writer, and the open transaction keeps the snapshot, so the
 * backup is not restarted by the clerks' writes), in small steps of pages, each on the thread pool.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { Logger } from '../log';
import { BACKUP_EXTENSION, headerBytes, sha256File, type Manifest } from './container';
import { recoveryKeyId, wrapDataKey } from './recovery-key';
import { createPublicKey } from 'node:crypto';

/** Where and how long; from the provisioning config's `backup` key. */
export interface BackupTarget {
  folder: string;
  keepDays: number;
  recoveryPublicKey: string;
}

export type BackupErrorCode = 'folder_missing' | 'not_writable' | 'disk_full' | 'failed';

/** An expected failure (IT's folder, the disk): a value with a code and a Russian message for the log and the CLI. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface MakeBackupOptions {
  databaseFile: string;
  /** A private local folder for the copy before it is packed (the data folder's `backup-staging`). */
  stagingDir: string;
  dataKey: Buffer;
  target: BackupTarget;
  officeCode: string;
  workstationId: string;
  appVersion: string;
  now: Date;
  log: Logger;
  /** Pages copied per step (4 KiB each); between steps the event loop and the clerks' queries run. */
  pagesPerStep?: number;
}

export interface MadeBackup {
  file: string;
  name: string;
  createdAt: string;
  auditSeq: number;
  bytes: number;
}

const DEFAULT_PAGES_PER_STEP = 64;
/** Between steps and between chunks written: the backup yields the disk and the thread pool to signings. */
const STEP_PAUSE_MS = 2;
/** Written data is flushed every this many bytes, so a clerk's commit never waits behind one large flush. */
const FLUSH_BYTES = 4 * 1024 * 1024;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** okno-backup-MN-0417_3_20261205T071500123Z.okb: `_` is in neither code, so no desk's prefix starts another's. */
export function backupName(officeCode: string, workstationId: string, at: Date): string {
  return `${deskPrefix(officeCode, workstationId)}${at.toISOString().replace(/[-:.]/g, '')}${BACKUP_EXTENSION}`;
}

export const deskPrefix = (officeCode: string, workstationId: string) => `okno-backup-${officeCode}_${workstationId}_`;

function errno(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Maps a file-system error at IT's folder to what IT must do. */
export function folderError(error: unknown, folder: string): BackupError {
  const code = errno(error);
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new BackupError(
      'folder_missing',
      `Папка резервных копий ${folder} не найдена. Проверьте, что сетевой диск подключён и папка существует (программа её не создаёт).`,
      { cause: error },
    );
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new BackupError(
      'disk_full',
      `На диске с папкой резервных копий ${folder} нет места. Освободите место или укажите другую папку.`,
      {
        cause: error,
      },
    );
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new BackupError(
      'not_writable',
      `Нет права записи в папку резервных копий ${folder}. Дайте учётной записи, под которой работает Окно, право записи в неё.`,
      { cause: error },
    );
  return new BackupError(
    'failed',
    `Резервная копия в папку ${folder} не записана (${code ?? (error instanceof Error ? error.message : String(error))}).`,
    { cause: error },
  );
}

function openDb(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (error) => (error ? reject(error) : resolve(db)));
  });
}
const exec = (db: sqlite3.Database, sql: string) =>
  new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
const get = (db: sqlite3.Database, sql: string) =>
  new Promise<Record<string, unknown> | undefined>((resolve, reject) =>
    db.get(sql, (e: Error | null, row: Record<string, unknown> | undefined) => (e ? reject(e) : resolve(row))),
  );
const close = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));

/** node-sqlite3's Backup (no typings ship for it). */
interface SqliteBackup {
  step(pages: number, callback: (error: Error | null) => void): void;
  finish(callback?: (error: Error | null) => void): void;
  readonly completed: boolean;
  readonly failed: boolean;
}
type WithBackup = sqlite3.Database & { backup(filename: string, callback?: (error: Error | null) => void): SqliteBackup };

/**
 * Copies the database into `dest` as of one instant; returns the audit log's last seq in that copy.
 */
export async function snapshotDatabase(databaseFile: string, dest: string, pagesPerStep = DEFAULT_PAGES_PER_STEP): Promise<number> {
  const source = await openDb(databaseFile, sqlite3.OPEN_READWRITE);
  try {
    await exec(source, 'PRAGMA busy_timeout = 5000');
    // One read transaction over the whole copy: its snapshot is what is copied, whatever clerks write meanwhile.
    await exec(source, 'BEGIN');
    try {
      const head = await get(source, 'SELECT seq FROM audit_head WHERE id = 1');
      const backup = await new Promise<SqliteBackup>((resolve, reject) => {
        const b = (source as WithBackup).backup(dest, (error) => (error ? reject(error) : resolve(b)));
      });
      try {
        for (;;) {
          await new Promise<void>((resolve, reject) => backup.step(pagesPerStep, (error) => (error ? reject(error) : resolve())));
          if (backup.completed) break;
          if (backup.failed) throw new Error('sqlite backup failed');
          // A pause, not just a turn of the event loop: the thread pool and the disk are the clerks' first.
          await pause(STEP_PAUSE_MS);
        }
      } finally {
        await new Promise<void>((resolve) => backup.finish(() => resolve()));
      }
      return Number(head?.['seq'] ?? 0);
    } finally {
      await exec(source, 'COMMIT').catch(() => undefined);
    }
  } finally {
    await close(source);
  }
}

/** The copy as one self-contained file (no -wal beside it), as a restore will open it. */
async function singleFile(path: string): Promise<void> {
  const db = await openDb(path, sqlite3.OPEN_READWRITE);
  try {
    await get(db, 'PRAGMA journal_mode = DELETE');
  } finally {
    await close(db);
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems (and Windows) refuse fsync on a folder: the rename is still atomic.
  }
}

export async function makeBackup(options: MakeBackupOptions): Promise<MadeBackup> {
  const { target, log } = options;
  const folder = target.folder;
  // A missing folder is reported, never made: a network share that is not mounted must not
  // silently turn into a local folder on the same disk as the data.
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    throw folderError(error, folder);
  }

  await mkdir(options.stagingDir, { recursive: true, mode: 0o700 });
  await removeStale(options.stagingDir, () => true, options.now);
  const staged = join(options.stagingDir, `copy-${randomBytes(6).toString('hex')}.sqlite`);
  // Two backups within one millisecond (a purge right after a signing) must not overwrite each other.
  let at = options.now;
  while (existsSync(join(folder, backupName(options.officeCode, options.workstationId, at)))) at = new Date(at.getTime() + 1);
  const name = backupName(options.officeCode, options.workstationId, at);
  const file = join(folder, name);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    let auditSeq: number;
    try {
      auditSeq = await snapshotDatabase(options.databaseFile, staged, options.pagesPerStep);
      await singleFile(staged);
    } catch (error) {
      // The local copy failed: most likely the data disk itself is full.
      if (errno(error) === 'ENOSPC' || /SQLITE_FULL/.test(String(error)))
        throw new BackupError('disk_full', 'На диске с данными программы нет места для копии базы. Освободите место на диске.', {
          cause: error,
        });
      throw error;
    }
    const { sha256, size } = await sha256File(staged);
    const manifest: Manifest = {
      format: 1,
      createdAt: at.toISOString(),
      officeCode: options.officeCode,
      workstationId: options.workstationId,
      appVersion: options.appVersion,
      auditSeq,
      recoveryKeyId: recoveryKeyId(createPublicKey(target.recoveryPublicKey)),
      key: wrapDataKey(options.dataKey, target.recoveryPublicKey),
      files: [{ name: 'okno.sqlite', size, sha256 }],
    };
    const header = headerBytes(manifest, options.dataKey);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(header);
        let unflushed = 0;
        for await (const chunk of createReadStream(staged, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
          await handle.write(chunk);
          unflushed += chunk.length;
          if (unflushed >= FLUSH_BYTES) {
            await handle.datasync();
            unflushed = 0;
          }
          await pause(STEP_PAUSE_MS);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw folderError(error, folder);
    }
    await syncDir(folder);
    const bytes = header.length + size;
    log.info('backup.written', { file, bytes, auditSeq });
    return { file, name, createdAt: manifest.createdAt, auditSeq, bytes };
  } finally {
    await rm(staged, { force: true }).catch(() => undefined);
    for (const suffix of ['-journal', '-wal', '-shm']) await rm(staged + suffix, { force: true }).catch(() => undefined);
  }
}

const STALE_MS = 24 * 60 * 60 * 1000;

/** Leftovers of a run that crashed (a staged copy, a half-written .tmp): removed once a day old. */
async function removeStale(dir: string, matches: (name: string) => boolean, now: Date): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter(matches)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && now.getTime() - info.mtimeMs > STALE_MS) await rm(path, { force: true }).catch(() => undefined);
  }
}

export interface DeskBackup {
  name: string;
  at: Date;
}

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.okb$/;

/** This desk's backups in IT's folder (other desks may share it: theirs are never touched), oldest first. */
export async function listDeskBackups(folder: string, officeCode: string, workstationId: string): Promise<DeskBackup[]> {
  const prefix = deskPrefix(officeCode, workstationId);
  const names = await readdir(folder);
  return names
    .filter((n) => n.startsWith(prefix))
    .flatMap((name) => {
      const m = STAMP.exec(name.slice(prefix.length));
      if (!m) return [];
      const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
      return Number.isNaN(at.getTime()) ? [] : [{ name, at }];
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Removes this desk's backups made before `before`, except `keep`. Returns the names removed;
 * one that cannot be removed is logged (it is retried at the next run).
 */
export async function removeDeskBackups(
  target: Pick<BackupTarget, 'folder'>,
  desk: { officeCode: string; workstationId: string },
  before: Date,
  keep: string | null,
  log: Logger,
): Promise<string[]> {
  const removed: string[] = [];
  let list: DeskBackup[];
  try {
    list = await listDeskBackups(target.folder, desk.officeCode, desk.workstationId);
  } catch (error) {
    log.warn('backup.list_failed', { folder: target.folder, error });
    return removed;
  }
  const prefix = deskPrefix(desk.officeCode, desk.workstationId);
  await removeStale(target.folder, (name) => name.startsWith(prefix) && name.endsWith('.tmp'), new Date());
  for (const b of list) {
    if (b.name === keep || b.at.getTime() >= before.getTime()) continue;
    try {
      await rm(join(target.folder, b.name));
      removed.push(b.name);
      log.info('backup.removed', { file: b.name });
    } catch (error) {
      log.warn('backup.remove_failed', { file: b.name, error });
    }
  }
  return removed;
}
