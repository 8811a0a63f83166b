/**
 * Owner-only data on disk (issue 15, low): the database, its WAL and SHM, logs and backups are
 * 0600 in 0700 folders — created so by the app, and tightened in an existing `--data-dir` that
 * was made 0755 with files 0644. Real files, real modes (stat), the ordinary umask 022.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, migrations, openDatabase } from '../../db';
import { startApp, type App } from '../../main/app';
import { createLogger, silentLogger } from '../../main/log';
import { removeDir, tempDir } from '../harness';

const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;
const dirs: string[] = [];
let umask = 0;

beforeAll(() => {
  // The usual desktop umask: SQLite and Node would create 0644 files and 0755 folders under it.
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function dataDir(): string {
  const dir = tempDir('okno-modes-');
  dirs.push(dir);
  return dir;
}

async function start(dir: string): Promise<App> {
  return startApp({
    dataDir: dir,
    configFile: null,
    log: createLogger({ file: join(dir, 'logs', 'okno.log') }),
    transport: 'http',
    appVersion: '0.0.0-test',
    retention: false,
    idleCheckMs: 3_600_000,
  });
}

/** Every file and folder under `dir` with its mode, for a readable failure. */
function modes(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out[prefix + entry.name + (entry.isDirectory() ? '/' : '')] = mode(path).toString(8);
    if (entry.isDirectory()) Object.assign(out, modes(path, `${prefix}${entry.name}/`));
  }
  return out;
}

const allPrivate = (found: Record<string, string>) =>
  Object.fromEntries(Object.keys(found).map((name) => [name, name.endsWith('/') ? '700' : '600']));

describe.runIf(posix)('file modes of the data folder', () => {
  it('a new data folder: database, WAL, SHM, key and log are 0600 in 0700 folders', async () => {
    const dir = join(dataDir(), 'new');
    const app = await start(dir);
    try {
      // While the database is open in WAL mode its -wal and -shm files exist: SQLite made them.
      const found = modes(dir);
      expect(Object.keys(found)).toEqual(
        expect.arrayContaining(['okno.sqlite', 'okno.sqlite-wal', 'okno.sqlite-shm', 'logs/', 'logs/okno.log']),
      );
      expect(found).toEqual(allPrivate(found));
      expect(mode(dir)).toBe(0o700);
    } finally {
      await app.close();
    }
  });

  it('an existing --data-dir made 0755 with files 0644 is tightened at start', async () => {
    const dir = dataDir();
    // A database from an older version, with its WAL left behind by a crash, a log and a backup.
    const first = await start(dir);
    await first.close();
    mkdirSync(join(dir, 'backups'), { recursive: true });
    writeFileSync(join(dir, 'backups', 'okno-20250101T000000000Z-schema3.sqlite'), 'old backup');
    writeFileSync(join(dir, 'okno.sqlite-wal'), '');
    for (const path of Object.keys(modes(dir))) chmodSync(join(dir, path), path.endsWith('/') ? 0o755 : 0o644);
    chmodSync(dir, 0o755);

    const app = await start(dir);
    try {
      const found = modes(dir);
      expect(found['backups/okno-20250101T000000000Z-schema3.sqlite']).toBeDefined();
      expect(found).toEqual(allPrivate(found));
      expect(mode(dir)).toBe(0o700);
    } finally {
      await app.close();
    }
  });

  it('a backup before a migration is 0600 in a 0700 folder', async () => {
    const dir = dataDir();
    const file = join(dir, 'db', 'okno.sqlite');
    const backupsDir = join(dir, 'backups');
    const old = await openDatabase({ file, backupsDir, log: silentLogger, migrations: migrations.slice(0, 3) });
    if (!old.ok) throw new Error(old.error.message);
    await closeDatabase(old.db);
    const upgraded = await openDatabase({ file, backupsDir, log: silentLogger });
    if (!upgraded.ok) throw new Error(upgraded.error.message);
    try {
      expect(upgraded.backup).not.toBeNull();
      const found = modes(dir);
      expect(Object.keys(found).some((name) => name.startsWith('backups/okno-'))).toBe(true);
      expect(found).toEqual(allPrivate(found));
    } finally {
      await closeDatabase(upgraded.db);
    }
  });
});
