/**
 * The database's integrity check, and when it runs (issue 18). `PRAGMA quick_check` reads every
 * page: about 7 ms per MB here, so 6 s at each start for an office with a million applications.
 * A file up to FULL_CHECK_AT_OPEN_MAX_BYTES (and any file a check has found damaged before) is
 * checked whole before it is used, as always. A larger one is opened after a check of its small
 * tables (accounts, settings, numbers) and checked whole in the background on a read-only
 * connection of its own; damage found there is kept in a marker file beside the database, so the
 * next start checks the whole file first and refuses it while it is damaged. The app stops
 * serving calls as soon as the background check reports damage (main/app.ts).
 */
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import type { Db } from './types';

/** Up to this size (the file and its WAL) the whole file is checked before it is used: about 60 ms here. */
export const FULL_CHECK_AT_OPEN_MAX_BYTES = 8 * 1024 * 1024;

/** Tables that grow with the office's work: checked in the background when the file is large. */
const LARGE_TABLES = new Set(['applications', 'audit_log', 'outbox']);

/** Beside the database: the problems a background check found, until a whole check finds none. */
export const damageMarkerOf = (file: string): string => `${file}.damaged`;

/** A check's lines as problems: none when SQLite said only "ok". */
export const problemsOf = (lines: string[]): string[] => (lines.length === 1 && lines[0] === 'ok' ? [] : lines);

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** The lines of a quick_check; none when the file is sound. */
async function quickCheck(db: Db, table?: string): Promise<string[]> {
  const result: unknown = await db.raw(table === undefined ? 'PRAGMA quick_check' : `PRAGMA quick_check("${table.replaceAll('"', '""')}")`);
  const lines = (Array.isArray(result) ? result : []).map((row: unknown) =>
    String(typeof row === 'object' && row !== null ? (Object.values(row)[0] ?? '') : row),
  );
  return problemsOf(lines);
}

export type OpenCheck = { problems: string[]; whole: boolean };

/**
 * The check before the file is used: whole when the file is small or was found damaged (the marker
 * is removed when the whole check finds nothing), else the small tables with their indexes.
 */
export async function checkAtOpen(db: Db, file: string, wholeUpTo = FULL_CHECK_AT_OPEN_MAX_BYTES): Promise<OpenCheck> {
  const marker = damageMarkerOf(file);
  const flagged = existsSync(marker);
  if (flagged || sizeOf(file) + sizeOf(`${file}-wal`) <= wholeUpTo) {
    const problems = await quickCheck(db);
    if (problems.length === 0 && flagged) rmSync(marker, { force: true });
    return { problems, whole: true };
  }
  const tables: unknown = await db.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  const names = (Array.isArray(tables) ? tables : []).flatMap((row: unknown) =>
    typeof row === 'object' && row !== null && 'name' in row && typeof row.name === 'string' ? [row.name] : [],
  );
  const problems: string[] = [];
  for (const name of names) if (!LARGE_TABLES.has(name)) problems.push(...(await quickCheck(db, name)));
  return { problems, whole: false };
}

export interface BackgroundCheck {
  /** The problems found (none: sound), or null when it was stopped first. */
  readonly done: Promise<string[] | null>;
  /** Interrupts the check and closes its connection. */
  stop(): Promise<void>;
}

/**
 * The whole-file check on a read-only connection of its own, beside the writer (WAL lets both
 * run). Damage found is written to the marker file before `done` resolves.
 */
export function checkInBackground(file: string): BackgroundCheck {
  let stopped = false;
  // With a callback, a failed open is reported to the statement below rather than thrown as an event.
  const conn = new sqlite3.Database(file, sqlite3.OPEN_READONLY, () => undefined);
  const closed = new Promise<void>((resolve) => conn.once('close', () => resolve()));
  const close = () => new Promise<void>((resolve) => conn.close(() => resolve()));
  const done = new Promise<string[] | null>((resolve, reject) => {
    conn.all<Record<string, unknown>>('PRAGMA quick_check', (error, rows) => {
      if (stopped) return resolve(null);
      if (error) {
        // The file refused to be read: that is what a start would have refused.
        const code = 'code' in error && typeof error.code === 'string' ? error.code : error.message;
        return /CORRUPT|NOTADB/.test(code) ? resolve([code]) : reject(error);
      }
      const lines = rows.map((row) => String(Object.values(row)[0] ?? ''));
      resolve(problemsOf(lines));
    });
  }).then(async (problems) => {
    if (problems && problems.length > 0) {
      try {
        writeFileSync(damageMarkerOf(file), problems.slice(0, 100).join('\n') + '\n', { mode: 0o600 });
      } catch {
        // A folder that takes no file: the app still stops serving; the next start checks by size only.
      }
    }
    if (!stopped) await close();
    return problems;
  });
  return {
    done,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        conn.interrupt();
      } catch {
        // Not open yet, or closed already: nothing runs to interrupt.
      }
      await close();
      await closed;
      await done.catch(() => undefined);
    },
  };
}
