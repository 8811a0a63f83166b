/**
 * Opening the database: pragmas on every connection, an integrity check, refusal of a schema
 * from a newer version, a `VACUUM INTO` backup before each migration of existing data, and the
 * migrations themselves. Nothing here ever deletes or recreates a database file: a file we
 * cannot use is reported and left exactly as it was.
 */
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import knex, { type Knex } from 'knex';
import type { Database } from 'sqlite3';
import type { DbLogger as Logger } from './types';
import { migrations as knownMigrations, type Migration } from './migrations/index';
import type { Db, SqlRow } from './types';
import { ensurePrivateDir, ensurePrivateFile, tighten, tightenTree } from './private-files';
import { checkAtOpen, problemsOf } from './integrity';

export const BUSY_TIMEOUT_MS = 5000;
export const BACKUPS_KEPT = 5;

export type OpenErrorCode = 'db_newer' | 'db_corrupt' | 'db_open_failed';

export type OpenResult =
  | {
      ok: true;
      db: Knex;
      migrated: string[];
      backup: string | null;
      /** False: only the small tables were checked; the caller checks the rest (db/integrity.ts checkInBackground). */
      checkedWhole: boolean;
    }
  | { ok: false; error: { code: OpenErrorCode; message: string } };

export interface OpenOptions {
  file: string;
  backupsDir: string;
  log: Logger;
  now?: () => Date;
  /** Test hook: run with a prefix of the real list (or an extended one) to simulate upgrades. */
  migrations?: readonly Migration[];
  /** Up to this size the whole file is checked before use (default FULL_CHECK_AT_OPEN_MAX_BYTES). */
  checkWholeUpTo?: number;
}

/** Raw SQL rows, narrowed from the driver's untyped result. */
export async function queryRows(db: Db, sql: string, bindings: readonly (string | number | null)[] = []): Promise<SqlRow[]> {
  const result: unknown = await db.raw(sql, bindings);
  if (!Array.isArray(result)) return [];
  return result.filter((row): row is SqlRow => typeof row === 'object' && row !== null);
}

/** The first column of each row: the shape of PRAGMA results. */
async function pragmaValues(db: Db, pragma: string): Promise<unknown[]> {
  const rows = await queryRows(db, `PRAGMA ${pragma}`);
  return rows.map((row) => Object.values(row)[0]);
}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

/** A UNIQUE constraint failed: lets callers turn a race on e.g. a login into a clear message. */
export function isUniqueViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(errorText(error));
}

class JournalModeError extends Error {
  constructor(readonly mode: string) {
    super(`journal_mode is ${mode}, expected wal`);
  }
}

/**
 * Runs on every new connection. busy_timeout first, so the switch to WAL waits for another
 * process instead of failing; synchronous=FULL because a clerk's record must survive a power cut.
 * temp_store=MEMORY keeps statement journals off disk, and a 32 MB page cache keeps a large
 * transaction (a drain's group commit) from spilling pages mid-way: both showed in `perf` of the drain
 * (issue 18), neither touches durability.
 */
function afterCreate(conn: Database, done: (error: Error | null, conn: Database) => void): void {
  conn.exec(
    `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32000;`,
    (execError) => {
      if (execError) return done(execError, conn);
      conn.get<unknown>('PRAGMA journal_mode = WAL', (modeError, row) => {
        if (modeError) return done(modeError, conn);
        const mode = typeof row === 'object' && row !== null && 'journal_mode' in row ? String(row.journal_mode) : 'unknown';
        // WAL is refused silently on some file systems (network shares): do not run without it.
        done(mode === 'wal' ? null : new JournalModeError(mode), conn);
      });
    },
  );
}

function migrationSource(list: readonly Migration[]): Knex.MigrationSource<Migration> {
  return {
    getMigrations: () => Promise.resolve([...list]),
    getMigrationName: (migration) => migration.name,
    getMigration: (migration) =>
      Promise.resolve({
        up: (k: Knex) => migration.up(k),
        down: (k: Knex) => migration.down(k),
        ...(migration.transaction === false ? { config: { transaction: false } } : {}),
      }),
  };
}

async function completedMigrations(db: Knex): Promise<string[]> {
  const table = await queryRows(db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'knex_migrations'`);
  if (table.length === 0) return [];
  const rows = await queryRows(db, 'SELECT name FROM knex_migrations ORDER BY id');
  return rows.map((row) => String(row['name']));
}

async function hasUserTables(db: Knex): Promise<boolean> {
  const rows = await queryRows(db, `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return Number(rows[0]?.['n'] ?? 0) > 0;
}

const BACKUP_NAME = /^okno-(\d{8}T\d{9}Z)-schema(\d+)(?:-(\d+))?\.sqlite$/;

/** okno-20250102T030405678Z-schema3.sqlite: sorts by time, says which schema it holds. */
function backupPath(backupsDir: string, at: Date, schema: number): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  let path = join(backupsDir, `okno-${stamp}-schema${schema}.sqlite`);
  // Two upgrades within one millisecond only happen with a fake clock; never overwrite a backup.
  for (let n = 2; existsSync(path); n++) path = join(backupsDir, `okno-${stamp}-schema${schema}-${n}.sqlite`);
  return path;
}

export interface BackupFile {
  name: string;
  /** When the backup was made (from its name). */
  at: Date;
}

/** The pre-migration backups in a folder, newest first. */
export function listBackups(backupsDir: string): BackupFile[] {
  if (!existsSync(backupsDir)) return [];
  return readdirSync(backupsDir)
    .map((name) => ({ name, match: BACKUP_NAME.exec(name) }))
    .filter((b): b is { name: string; match: RegExpExecArray } => b.match !== null)
    .sort((a, b) => {
      const byTime = (b.match[1] ?? '').localeCompare(a.match[1] ?? '');
      return byTime !== 0 ? byTime : Number(b.match[3] ?? 1) - Number(a.match[3] ?? 1);
    })
    .map(({ name, match }) => ({ name, at: stampToDate(match[1] ?? '') }));
}

/** 20250102T030405678Z → the instant. */
function stampToDate(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`) : new Date(NaN);
}

/** Removes backup files; one that cannot be removed is logged and reported as not removed. */
export function removeBackups(backupsDir: string, names: readonly string[], log: Logger): string[] {
  const removed: string[] = [];
  for (const name of names) {
    try {
      rmSync(join(backupsDir, name));
      removed.push(name);
      log.info('db.backup_removed', { file: name });
    } catch (error) {
      log.warn('db.backup_remove_failed', { file: name, error });
    }
  }
  return removed;
}

function pruneBackups(backupsDir: string, log: Logger): void {
  // A stale backup that cannot be removed costs disk space, not correctness.
  removeBackups(
    backupsDir,
    listBackups(backupsDir)
      .slice(BACKUPS_KEPT)
      .map((b) => b.name),
    log,
  );
}

async function backupBeforeMigration(db: Knex, backupsDir: string, at: Date, schema: number): Promise<string> {
  ensurePrivateDir(backupsDir);
  const path = backupPath(backupsDir, at, schema);
  // SQLite would create it 0644: an empty 0600 file first, which VACUUM INTO fills.
  ensurePrivateFile(path);
  try {
    // VACUUM INTO takes no bound parameters; quotes in the path are doubled.
    await db.raw(`VACUUM INTO '${path.replace(/'/g, "''")}'`);
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  return path;
}

type Phase = 'open' | 'backup' | 'migrate';

function failure(code: OpenErrorCode, message: string): OpenResult {
  return { ok: false, error: { code, message } };
}

function failureFor(error: unknown, phase: Phase, file: string, backupsDir: string, backup: string | null): OpenResult {
  if (isCorruption(error)) return corrupt(file, backupsDir);
  if (error instanceof JournalModeError) {
    return failure(
      'db_open_failed',
      `База данных не может работать в надёжном режиме записи (WAL) в папке ${dirname(file)}. ` +
        'Разместите данные программы на локальном диске компьютера и запустите программу снова.',
    );
  }
  if (phase === 'backup') {
    return failure(
      'db_open_failed',
      'Не удалось сделать резервную копию базы данных перед обновлением, поэтому обновление не выполнялось; данные не изменены. ' +
        `Проверьте свободное место на диске и доступ к папке ${backupsDir}, затем запустите программу снова.`,
    );
  }
  if (phase === 'migrate') {
    return failure(
      'db_open_failed',
      'Не удалось обновить структуру базы данных. ' +
        (backup ? `Копия базы до обновления сохранена: ${backup}. ` : '') +
        'Не работайте с программой и обратитесь к администратору.',
    );
  }
  if (sqliteCode(error) === 'SQLITE_BUSY') {
    return failure('db_open_failed', 'База данных занята другой программой. Закройте другие копии Окна и запустите программу снова.');
  }
  return failure(
    'db_open_failed',
    `Не удалось открыть базу данных ${file}. Проверьте, что диск доступен и на нём есть место, и запустите программу снова; ` +
      'если ошибка повторяется, обратитесь к администратору.',
  );
}

function corrupt(file: string, backupsDir: string): OpenResult {
  return failure(
    'db_corrupt',
    `Файл базы данных повреждён (${file}); программа его не изменяла. ` +
      `Не удаляйте файл и обратитесь к администратору: базу нужно восстановить из резервной копии (папка ${backupsDir}).`,
  );
}

export async function openDatabase(options: OpenOptions): Promise<OpenResult> {
  const { file, backupsDir, log } = options;
  const now = options.now ?? (() => new Date());
  const list = options.migrations ?? knownMigrations;
  let phase: Phase = 'open';
  let backup: string | null = null;
  let db: Knex | null = null;
  try {
    ensurePrivateDir(dirname(file));
    // 0600 before SQLite opens it, so its -wal and -shm files are created 0600 too; files left
    // looser by an older version (or copied in by hand) are tightened.
    ensurePrivateFile(file);
    for (const suffix of ['-wal', '-shm', '-journal']) tighten(file + suffix);
    tightenTree(backupsDir, 1);
    db = knex({
      client: 'sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
      pool: { min: 1, max: 1, afterCreate },
      // knex would otherwise print to the console, outside the scrubbed JSON log.
      log: {
        warn: (message: unknown) => log.warn('knex.warn', { detail: String(message) }),
        error: (message: unknown) => log.error('knex.error', { detail: String(message) }),
        debug: (message: unknown) => log.debug('knex.debug', { detail: String(message) }),
        deprecate: (method: string, alternative: string) => log.warn('knex.deprecated', { method, alternative }),
      },
    });

    const check = await checkAtOpen(db, file, options.checkWholeUpTo);
    if (check.problems.length > 0) {
      log.error('db.corrupt', { file, problems: check.problems.slice(0, 20) });
      await db.destroy();
      return corrupt(file, backupsDir);
    }

    const version = Number((await pragmaValues(db, 'user_version'))[0] ?? 0);
    const completed = await completedMigrations(db);
    const known = new Set(list.map((m) => m.name));
    const unknown = completed.filter((name) => !known.has(name));
    // Either sign means a newer Okno has been here; migrating "back" would destroy its data.
    if (version > list.length || unknown.length > 0) {
      const schema = Math.max(version, completed.length);
      log.error('db.newer', { file, schema, known: list.length, unknown });
      await db.destroy();
      return failure(
        'db_newer',
        `База данных создана более новой версией Окна (схема ${schema}, эта версия знает ${list.length}). ` +
          'Установите новую версию программы; данные не изменены.',
      );
    }

    const done = new Set(completed);
    const pending = list.filter((m) => !done.has(m.name)).map((m) => m.name);
    if (pending.length > 0 && (await hasUserTables(db))) {
      phase = 'backup';
      backup = await backupBeforeMigration(db, backupsDir, now(), version);
      log.info('db.backup_created', { file: backup, schema: version });
      pruneBackups(backupsDir, log);
    }
    if (pending.length > 0) {
      phase = 'migrate';
      await db.migrate.latest({ migrationSource: migrationSource(list) });
      log.info('db.migrated', { from: version, to: list.length, migrations: pending });
    }
    if (version !== list.length) await db.raw(`PRAGMA user_version = ${list.length}`);
    return { ok: true, db, migrated: pending, backup, checkedWhole: check.whole };
  } catch (error) {
    log.error('db.open_failed', { file, phase, code: sqliteCode(error), error });
    if (db) await db.destroy().catch(() => undefined);
    return failureFor(error, phase, file, backupsDir, backup);
  }
}

/**
 * Makes deleted bytes unrecoverable from the files: VACUUM rewrites the database without its free
 * pages (where purged values linger), and a TRUNCATE checkpoint empties the WAL, which would
 * otherwise still hold the old page images. Cannot run inside a transaction.
 */
export async function compactDatabase(db: Knex): Promise<{ walBusy: boolean }> {
  await db.raw('VACUUM');
  const rows = await queryRows(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
  return { walBusy: Number(rows[0]?.['busy'] ?? 0) !== 0 };
}

/**
 * A second, read-only connection to the same file, for a long read-heavy job beside the writer (the
 * drain reads the next pages while its answers are committed): WAL lets it read the last committed
 * state while the writer holds its transaction. Null when `db` is not on a file (":memory:").
 * The caller destroys it when done.
 */
export async function openReader(db: Knex): Promise<Knex | null> {
  const main = (await queryRows(db, 'PRAGMA database_list')).find((r) => r['name'] === 'main');
  const file = typeof main?.['file'] === 'string' ? main['file'] : '';
  if (file === '') return null;
  return knex({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: Database, done: (error: Error | null, conn: Database) => void) =>
        // query_only: this connection can never write, whatever a caller passes it.
        conn.exec(
          `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA query_only = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000;`,
          (error) => done(error, conn),
        ),
    },
  });
}

/** Closes the only connection; SQLite then checkpoints the WAL and removes the -wal/-shm files. */
export async function closeDatabase(db: Knex): Promise<void> {
  await db.destroy();
}

/** Full integrity check (slow on big files: for the supervisor's "check" button, not for start-up). */
export async function integrityCheck(db: Db): Promise<string[]> {
  return problemsOf((await pragmaValues(db, 'integrity_check')).map(String));
}
