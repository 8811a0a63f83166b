/**
 * A read-only knex on an Okno database file, for the command-line tools (audit:verify, selftest)
 * that must not write anything in a data folder. knex ORs its `flags` onto READWRITE|CREATE, so
 * read-only is asked for in a URI (`mode=ro`), which SQLite applies in place of those flags;
 * `query_only` on top. `immutable`: for a cleanly closed database (no -wal beside it) SQLite then
 * creates neither -wal nor -shm; with a -wal (the app runs, or crashed) the file is read through the
 * app's own -wal and -shm as one more reader.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import knex, { type Knex } from 'knex';
import type { Database } from 'sqlite3';

const BUSY_TIMEOUT_MS = 5000;

export function openReadOnly(file: string, immutable: boolean): Knex {
  const uri = `${pathToFileURL(file).href}?mode=ro${immutable ? '&immutable=1' : ''}`;
  return knex({
    client: 'sqlite3',
    connection: { filename: uri, flags: ['OPEN_URI'] },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: Database, done: (error: Error | null, conn: Database) => void) =>
        conn.exec(`PRAGMA query_only = ON; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`, (error) => done(error, conn)),
    },
  });
}

/** A -wal or a rollback journal beside the file: the main file alone may be behind. */
export const hasLiveJournal = (file: string) => existsSync(`${file}-wal`) || existsSync(`${file}-journal`);
