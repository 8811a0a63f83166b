/**
 * When the database's integrity is checked (db/integrity.ts): a small file whole before use; a large
 * one by its small tables before use and whole in the background, with damage found there kept in
 * a marker so the next start refuses the file; the app refuses every call once it knows.
 * "Large" is set to 0 bytes here, so a test file of a few pages takes the large file's path.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, checkInBackground, closeDatabase, damageMarkerOf, openDatabase } from '../../db';
import { startApp, type AppOptions } from '../../main/app';
import { silentLogger } from '../../main/log';
import { removeDir, tempDir } from '../harness';

let dir: string;
let file: string;
let backupsDir: string;

beforeEach(() => {
  dir = tempDir('okno-integrity-');
  file = join(dir, 'okno.sqlite');
  backupsDir = join(dir, 'backups');
});
afterEach(() => removeDir(dir));

const open = (checkWholeUpTo?: number) =>
  openDatabase({ file, backupsDir, log: silentLogger, ...(checkWholeUpTo !== undefined && { checkWholeUpTo }) });

async function openOk(checkWholeUpTo?: number): Promise<Knex> {
  const result = await open(checkWholeUpTo);
  if (!result.ok) throw new Error(result.error.message);
  return result.db;
}

/** A database with some audit rows (the large tables' pages) and its tables' root pages. */
async function makeDatabase(): Promise<Record<string, number>> {
  const db = await openOk();
  for (let i = 0; i < 200; i++) {
    await appendAudit(db, {
      at: '2026-12-01T09:00:00.000Z',
      actorId: null,
      actorLogin: null,
      action: 'app.started',
      subject: null,
      details: { i, pad: 'x'.repeat(200) },
    });
  }
  const rows = (await db.raw(`SELECT name, rootpage FROM sqlite_master WHERE type = 'table'`)) as Array<{ name: string; rootpage: number }>;
  await closeDatabase(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.rootpage]));
}

/** Makes a table's root page claim one cell at an impossible offset (as a torn write could). */
function damagePage(page: number): Buffer {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from([0x0d, 0, 0, 0, 1, 0x0f, 0xf0]), 0, 7, (page - 1) * 4096 + (page === 1 ? 100 : 0));
  closeSync(fd);
  return readFileSync(file);
}

describe('database integrity check', () => {
  it('checks a small file whole before use and refuses damage in a large table', async () => {
    const roots = await makeDatabase();
    const damaged = damagePage(roots['audit_log'] ?? NaN);
    const result = await open();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('db_corrupt');
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('opens a large file after its small tables, finds damage in the background, and the next start refuses the file', async () => {
    const roots = await makeDatabase();
    const damaged = damagePage(roots['audit_log'] ?? NaN);

    const first = await open(0);
    expect(first.ok && first.checkedWhole).toBe(false);
    if (first.ok) await closeDatabase(first.db);
    expect(existsSync(damageMarkerOf(file))).toBe(false);

    const problems = await checkInBackground(file).done;
    expect(problems?.length).toBeGreaterThan(0);
    expect(readFileSync(damageMarkerOf(file), 'utf8')).toContain(problems?.[0] ?? '(none)');

    // Large still, but marked: checked whole, and refused while damaged.
    const second = await open(0);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.code).toBe('db_corrupt');
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('refuses a large file at once when a small table is damaged', async () => {
    const roots = await makeDatabase();
    damagePage(roots['settings'] ?? NaN);
    const result = await open(0);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('db_corrupt');
  });

  it('finds a sound file sound, and a marker over a sound file goes after a whole check', async () => {
    await makeDatabase();
    expect(await checkInBackground(file).done).toEqual([]);
    expect(existsSync(damageMarkerOf(file))).toBe(false);

    writeFileSync(damageMarkerOf(file), 'restored from a backup since\n');
    const db = await open(0);
    expect(db.ok && db.checkedWhole).toBe(true);
    if (db.ok) await closeDatabase(db.db);
    expect(existsSync(damageMarkerOf(file))).toBe(false);
  });

  it('a check stopped before its verdict leaves none', async () => {
    const roots = await makeDatabase();
    damagePage(roots['audit_log'] ?? NaN);
    const check = checkInBackground(file);
    await check.stop();
    expect(await check.done).toBeNull();
    expect(existsSync(damageMarkerOf(file))).toBe(false);
  });
});

/** The app on the test's folder, with every file taken as large. */
const start = (options: Partial<AppOptions> = {}) =>
  startApp({
    dataDir: dir,
    configFile: null,
    log: silentLogger,
    transport: 'http',
    appVersion: '0.0.0-test',
    retention: false,
    checkWholeUpTo: 0,
    ...options,
  });

describe('the app on a large file found damaged in the background', () => {
  it('refuses every call from then on, and the next start is refused', async () => {
    const roots = await makeDatabase();
    damagePage(roots['audit_log'] ?? NaN);
    let told: (problems: string[]) => void = () => undefined;
    const found = new Promise<string[]>((resolve) => (told = resolve));
    const app = await start({ idleCheckMs: 3_600_000, onBackgroundCheck: (problems) => told(problems) });
    try {
      expect((await found).length).toBeGreaterThan(0);
      const info = await app.router.call('c1', 'app.info', {});
      expect(info.ok).toBe(false);
      if (!info.ok) expect(info.error.code).toBe('database_damaged');
    } finally {
      await app.close();
    }
    const before = readFileSync(file);
    await expect(start()).rejects.toMatchObject({ code: 'db_corrupt' });
    expect(readFileSync(file).equals(before)).toBe(true);
    rmSync(damageMarkerOf(file));
  });
});
