import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log';
import {
  appendAudit,
  closeDatabase,
  insertClerk,
  integrityCheck,
  migrations,
  openDatabase,
  type Migration,
  type OpenResult,
} from '../../db';

let dir: string;
let file: string;
let backupsDir: string;
const opened: Knex[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'okno-db-'));
  file = join(dir, 'data', 'okno.sqlite');
  backupsDir = join(dir, 'backups');
});

afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A clock that moves one second per call, so backup names differ and sort by time. */
function steppingClock(start = Date.parse('2025-03-01T09:00:00.000Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

async function openOk(list?: readonly Migration[], now?: () => Date): Promise<Extract<OpenResult, { ok: true }>> {
  const result = await openDatabase({
    file,
    backupsDir,
    log: silentLogger,
    ...(list ? { migrations: list } : {}),
    ...(now ? { now } : {}),
  });
  if (!result.ok) throw new Error(`open failed: ${result.error.code}: ${result.error.message}`);
  opened.push(result.db);
  return result;
}

async function close(db: Knex): Promise<void> {
  opened.splice(opened.indexOf(db), 1);
  await closeDatabase(db);
}

async function pragma(db: Knex, name: string): Promise<unknown> {
  const rows: unknown = await db.raw(`PRAGMA ${name}`);
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  return typeof first === 'object' && first !== null ? Object.values(first)[0] : undefined;
}

function rawRun(path: string, statements: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const raw = new sqlite3.Database(path, (openError) => {
      if (openError) return reject(openError);
      raw.exec(statements.join(';\n'), (execError) =>
        raw.close((closeError) => ((execError ?? closeError) ? reject(execError ?? closeError) : resolve())),
      );
    });
  });
}

function rawGet(path: string, sql: string): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    const raw = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      raw.get<Record<string, unknown> | undefined>(sql, (error, row) => raw.close(() => (error ? reject(error) : resolve(row))));
    });
  });
}

function extraMigration(n: number): Migration {
  return {
    name: `9${String(n).padStart(3, '0')}_test_extra`,
    up: async (k) => void (await k.raw(`CREATE TABLE extra_${n} (id INTEGER PRIMARY KEY) STRICT`)),
    down: async (k) => void (await k.raw(`DROP TABLE extra_${n}`)),
  };
}

const clerk = (id: string, login: string) => ({
  id,
  login,
  fullName: 'Иванова Анна Петровна',
  role: 'admin' as const,
  passwordHash: 'scrypt$x',
  disabled: false,
  failedAttempts: 0,
  lockedUntil: null,
  createdAt: '2025-03-01T09:00:00.000Z',
  updatedAt: '2025-03-01T09:00:00.000Z',
  lastLoginAt: null,
});

describe('openDatabase: a new file', () => {
  it('sets the pragmas on the connection', async () => {
    const { db } = await openOk();
    expect(await pragma(db, 'foreign_keys')).toBe(1);
    expect(await pragma(db, 'journal_mode')).toBe('wal');
    expect(await pragma(db, 'synchronous')).toBe(2);
    expect(await pragma(db, 'busy_timeout')).toBe(5000);
  });

  it('runs all migrations without a backup and records the schema version', async () => {
    const result = await openOk();
    expect(result.migrated).toEqual(migrations.map((m) => m.name));
    expect(result.backup).toBeNull();
    expect(await pragma(result.db, 'user_version')).toBe(migrations.length);
    expect(existsSync(backupsDir) ? readdirSync(backupsDir) : []).toEqual([]);
    expect(await integrityCheck(result.db)).toEqual([]);
  });

  it('creates STRICT tables', async () => {
    const { db } = await openOk();
    const rows: unknown = await db.raw(
      `SELECT name, strict FROM pragma_table_list WHERE name IN ('clerks', 'settings', 'audit_log', 'audit_head') ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: 'audit_head', strict: 1 },
      { name: 'audit_log', strict: 1 },
      { name: 'clerks', strict: 1 },
      { name: 'settings', strict: 1 },
    ]);
  });

  const goodClerk = `'c1', 'anna', 'Анна', 'clerk', 'h', 0, 0, NULL, 't', 't', NULL`;
  // Named columns: later migrations add columns with defaults.
  const clerkColumns =
    '(id, login, full_name, role, password_hash, disabled, failed_attempts, locked_until, created_at, updated_at, last_login_at)';
  it.each([
    [
      'a wrong type',
      `INSERT INTO clerks ${clerkColumns} VALUES ('c1', 'anna', 'Анна', 'clerk', 'h', 0, 'many', NULL, 't', 't', NULL)`,
      /cannot store TEXT value in INTEGER column/,
    ],
    [
      'an unknown role',
      `INSERT INTO clerks ${clerkColumns} VALUES ('c1', 'anna', 'Анна', 'root', 'h', 0, 0, NULL, 't', 't', NULL)`,
      /CHECK constraint failed/,
    ],
    [
      'disabled = 2',
      `INSERT INTO clerks ${clerkColumns} VALUES ('c1', 'anna', 'Анна', 'clerk', 'h', 2, 0, NULL, 't', 't', NULL)`,
      /CHECK constraint failed/,
    ],
    [
      'negative failed attempts',
      `INSERT INTO clerks ${clerkColumns} VALUES ('c1', 'anna', 'Анна', 'clerk', 'h', 0, -1, NULL, 't', 't', NULL)`,
      /CHECK constraint failed/,
    ],
    [
      'must_change_password = 2',
      `INSERT INTO clerks (id, login, full_name, role, password_hash, created_at, updated_at, must_change_password) VALUES ('c1', 'anna', 'Анна', 'clerk', 'h', 't', 't', 2)`,
      /CHECK constraint failed/,
    ],
    ['a setting that is not JSON', `INSERT INTO settings VALUES ('k', 'not json', 't', NULL)`, /CHECK constraint failed/],
    ['a setting by an unknown clerk', `INSERT INTO settings VALUES ('k', '1', 't', 'nobody')`, /FOREIGN KEY constraint failed/],
    ['a second audit head', `INSERT INTO audit_head VALUES (2, 0, '${'0'.repeat(64)}')`, /CHECK constraint failed/],
    [
      'audit details that are not an object',
      `INSERT INTO audit_log VALUES (1, 't', NULL, NULL, 'app.started', NULL, '[1]', '${'0'.repeat(64)}', '${'0'.repeat(64)}')`,
      /CHECK constraint failed/,
    ],
  ])('refuses %s', async (_name, sql, error) => {
    const { db } = await openOk();
    await expect(db.raw(sql)).rejects.toThrow(error);
    // The same table accepts a correct row: the failure above was the constraint, not the SQL.
    await db.raw(`INSERT INTO clerks ${clerkColumns} VALUES (${goodClerk})`);
  });
});

describe('openDatabase: an existing file', () => {
  it('re-opens without migrating or backing up', async () => {
    await close((await openOk()).db);
    const again = await openOk();
    expect(again.migrated).toEqual([]);
    expect(again.backup).toBeNull();
    expect(existsSync(backupsDir) ? readdirSync(backupsDir) : []).toEqual([]);
  });

  it('leaves no -wal or -shm file after closing', async () => {
    const { db } = await openOk();
    await appendAudit(db, {
      at: '2025-03-01T09:00:00.000Z',
      actorId: null,
      actorLogin: null,
      action: 'app.started',
      subject: null,
      details: {},
    });
    expect(existsSync(`${file}-wal`)).toBe(true);
    await close(db);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
  });

  it('backs up with VACUUM INTO before a pending migration, then migrates', async () => {
    const first = await openOk(migrations);
    await insertClerk(first.db, clerk('c1', 'anna'));
    await close(first.db);

    const upgraded = await openOk([...migrations, extraMigration(1)], () => new Date('2025-03-01T10:20:30.456Z'));
    expect(upgraded.migrated).toEqual(['9001_test_extra']);
    expect(upgraded.backup).toBe(join(backupsDir, `okno-20250301T102030456Z-schema${migrations.length}.sqlite`));
    expect(await pragma(upgraded.db, 'user_version')).toBe(migrations.length + 1);

    const backup = upgraded.backup ?? '';
    expect(await rawGet(backup, 'PRAGMA user_version')).toEqual({ user_version: migrations.length });
    expect(await rawGet(backup, 'SELECT login FROM clerks')).toEqual({ login: 'anna' });
    expect(await rawGet(backup, `SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra_1'`)).toEqual({ n: 0 });
  });

  it('keeps only the five newest backups and leaves other files alone', async () => {
    const now = steppingClock();
    await close((await openOk(migrations, now)).db);
    mkdirSync(backupsDir, { recursive: true });
    writeFileSync(join(backupsDir, 'notes.txt'), 'kept');
    const list: Migration[] = [...migrations];
    for (let n = 1; n <= 7; n++) {
      list.push(extraMigration(n));
      const result = await openOk(list, now);
      expect(result.backup).not.toBeNull();
      await close(result.db);
    }
    const names = readdirSync(backupsDir).sort();
    expect(names).toHaveLength(6);
    expect(names).toContain('notes.txt');
    const schemas = names.filter((n) => n.endsWith('.sqlite')).map((n) => Number(/schema(\d+)/.exec(n)?.[1]));
    const base = migrations.length;
    expect(schemas).toEqual([base + 2, base + 3, base + 4, base + 5, base + 6]);
  });

  it('reports a failed migration, keeps the backup and leaves the old schema usable', async () => {
    await close((await openOk()).db);
    const broken: Migration = {
      name: '9999_broken',
      up: async (k) => void (await k.raw('CREATE TABLE clerks (x INTEGER)')),
      down: async () => {},
    };
    const result = await openDatabase({ file, backupsDir, log: silentLogger, migrations: [...migrations, broken] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('db_open_failed');
    expect(result.error.message).toMatch(/^Не удалось обновить структуру базы данных\. Копия базы до обновления сохранена: /);
    expect(result.error.message).toContain(`schema${migrations.length}.sqlite`);
    expect(readdirSync(backupsDir)).toHaveLength(1);
    const again = await openOk();
    expect(again.migrated).toEqual([]);
    expect(await pragma(again.db, 'user_version')).toBe(migrations.length);
  });
});

describe('openDatabase: files it must not touch', () => {
  it.each([
    ['user_version above the known schema', [`PRAGMA user_version = ${migrations.length + 4}`], `схема ${migrations.length + 4}`],
    [
      'a migration this version does not know',
      [
        `INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('0099_future', 2, 0)`,
        `PRAGMA user_version = ${migrations.length}`,
      ],
      `схема ${migrations.length + 1}`,
    ],
  ])('refuses a database from a newer version (%s) and leaves it byte-for-byte unchanged', async (_name, statements, schema) => {
    await close((await openOk()).db);
    await rawRun(file, statements);
    const before = readFileSync(file);

    const result = await openDatabase({ file, backupsDir, log: silentLogger });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'db_newer',
        message: `База данных создана более новой версией Окна (${schema}, эта версия знает ${migrations.length}). Установите новую версию программы; данные не изменены.`,
      },
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(backupsDir)).toBe(false);
  });

  it.each([
    // Each takes a different path: quick_check lines, SQLITE_CORRUPT, SQLITE_NOTADB.
    ['a damaged page header in the middle', 'page-header'],
    ['a page of garbage in the middle', 'middle'],
    ['garbage over the file header', 'header'],
  ] as const)('refuses a corrupted file (%s) and does not wipe it', async (_name, where) => {
    const { db } = await openOk();
    for (let i = 0; i < 300; i++) {
      await appendAudit(db, {
        at: '2025-03-01T09:00:00.000Z',
        actorId: null,
        actorLogin: null,
        action: 'app.started',
        subject: null,
        details: { i, pad: 'x'.repeat(200) },
      });
    }
    await close(db);
    const size = statSync(file).size;
    const page = 4096;
    const offset = where === 'header' ? 0 : Math.floor(size / 2 / page) * page;
    // A leaf page claiming one cell at an impossible offset.
    const garbage = where === 'page-header' ? Buffer.from([0x0d, 0, 0, 0, 1, 0x0f, 0xf0]) : Buffer.alloc(page, 0xa5);
    const fd = openSync(file, 'r+');
    writeSync(fd, garbage, 0, garbage.length, offset);
    closeSync(fd);
    const damaged = readFileSync(file);

    const events: string[] = [];
    const result = await openDatabase({ file, backupsDir, log: { ...silentLogger, error: (message) => void events.push(message) } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('db_corrupt');
    // Reported by quick_check itself, or by SQLite refusing to read the damaged page. Which page
    // sits in the middle depends on the schema, so a garbage page may be caught either way.
    const expected = { 'page-header': ['db.corrupt'], middle: ['db.corrupt', 'db.open_failed'], header: ['db.open_failed'] }[where];
    expect(events.filter((e) => expected.includes(e))).not.toHaveLength(0);
    expect(result.error.message).toMatch(/^Файл базы данных повреждён/);
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });
});
