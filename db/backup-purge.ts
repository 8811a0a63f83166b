/**
 * Pre-upgrade backups must not keep what the live database has let go. A backup is there to undo
 * a failed migration (db/connection.ts), so it is kept — with the same rows purged as in the live
 * database: every application whose personal data the live file no longer holds (the retention
 * purge, an early erase) is purged in each backup too, and the backup is compacted (VACUUM) so the
 * bytes are gone. A backup where that cannot be done — unreadable, or from a schema whose
 * constraints do not allow a purged row (before migration 0005 the lookup hash was required) — is
 * removed instead: a backup that keeps erased data is worse than no backup.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { DbLogger as Logger } from './types';
import { listBackups } from './connection';
import { PURGED_COLUMNS } from './repositories/applications-retention';

export interface BackupPurge {
  /** Backups in which rows were purged now. */
  cleaned: string[];
  /** Backups removed because they could not be cleaned. */
  removed: string[];
  /** Applications purged across all backups. */
  rows: number;
}

/** The columns a purge changes, as in the live database; a backup without all of them cannot be purged in place. */
const PURGE_COLUMNS = [...Object.keys(PURGED_COLUMNS), 'purged_at'];
const PURGE_SET = [...Object.keys(PURGED_COLUMNS).map((c) => `${c} = ?`), 'purged_at = ?'].join(', ');

function open(path: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(db)));
  });
}

function run(db: sqlite3.Database, sql: string, params: readonly unknown[] = []): Promise<number> {
  return new Promise((resolve, reject) =>
    db.run(sql, params, function done(this: sqlite3.RunResult, error: Error | null) {
      if (error) reject(error);
      else resolve(this.changes);
    }),
  );
}

function all(db: sqlite3.Database, sql: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, (error: Error | null, rows: Record<string, unknown>[]) => (error ? reject(error) : resolve(rows))),
  );
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

/** Purges one backup in place; returns how many applications it purged. Throws when it cannot. */
async function purgeOne(path: string, liveFile: string, at: string): Promise<number> {
  const db = await open(path);
  try {
    await run(db, 'PRAGMA busy_timeout = 5000');
    // No -wal/-shm next to a backup: it is a single file again when this is done.
    await all(db, 'PRAGMA journal_mode = DELETE');
    const columns = new Set((await all(db, 'PRAGMA table_info(applications)')).map((c) => String(c['name'])));
    if (columns.size === 0) return 0; // A schema before applications existed: no personal data.
    const missing = PURGE_COLUMNS.filter((c) => !columns.has(c));
    if (missing.length > 0) throw new Error(`backup schema lacks ${missing.join(', ')}`);
    await run(db, 'ATTACH DATABASE ? AS live', [liveFile]);
    let purged = 0;
    try {
      await run(db, 'BEGIN IMMEDIATE');
      try {
        const gone = `EXISTS (SELECT 1 FROM live.applications l WHERE l.id = applications.id AND l.personal IS NULL)`;
        purged = await run(db, `UPDATE applications SET ${PURGE_SET} WHERE personal IS NOT NULL AND ${gone}`, [
          ...Object.values(PURGED_COLUMNS),
          at,
        ]);
        // The registry's error text may echo submitted values (as clearOutboxErrors knows).
        await run(
          db,
          `UPDATE outbox SET last_error = NULL WHERE last_error IS NOT NULL AND EXISTS
             (SELECT 1 FROM live.applications l WHERE l.id = outbox.application_id AND l.personal IS NULL)`,
        );
        await run(db, 'COMMIT');
      } catch (error) {
        await run(db, 'ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await run(db, 'DETACH DATABASE live').catch(() => undefined);
    }
    // The purged values linger in free pages until the file is rewritten.
    if (purged > 0) await run(db, 'VACUUM');
    return purged;
  } finally {
    await close(db);
  }
}

/**
 * Purges, in every pre-upgrade backup, the applications whose data the live database (`liveFile`,
 * committed state) no longer holds. Call after the live purge has committed.
 */
export async function purgeBackups(backupsDir: string, liveFile: string, at: string, log: Logger): Promise<BackupPurge> {
  const result: BackupPurge = { cleaned: [], removed: [], rows: 0 };
  for (const { name } of listBackups(backupsDir)) {
    const path = join(backupsDir, name);
    try {
      const purged = await purgeOne(path, liveFile, at);
      if (purged > 0) {
        result.cleaned.push(name);
        result.rows += purged;
        log.info('db.backup_purged', { file: name, applications: purged });
      }
    } catch (error) {
      log.warn('db.backup_purge_failed: removing the backup', { file: name, error });
      try {
        for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
        result.removed.push(name);
      } catch (removeError) {
        log.error('db.backup_remove_failed', { file: name, error: removeError });
      }
    }
  }
  return result;
}
