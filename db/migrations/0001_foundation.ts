/**
 * Clerks, settings and the hash-chained audit log. Tables are STRICT so a wrong type is an
 * error rather than a silent coercion; CHECKs keep enumerations honest even for raw SQL.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const GENESIS_HASH = '0'.repeat(64);

const up = [
  `CREATE TABLE clerks (
     id              TEXT    NOT NULL PRIMARY KEY,
     login           TEXT    NOT NULL UNIQUE COLLATE NOCASE,
     full_name       TEXT    NOT NULL,
     role            TEXT    NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
     password_hash   TEXT    NOT NULL,
     disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
     failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
     locked_until    TEXT    NULL,
     created_at      TEXT    NOT NULL,
     updated_at      TEXT    NOT NULL,
     last_login_at   TEXT    NULL
   ) STRICT`,
  `CREATE TABLE settings (
     key        TEXT NOT NULL PRIMARY KEY,
     value      TEXT NOT NULL CHECK (json_valid(value)),
     updated_at TEXT NOT NULL,
     updated_by TEXT NULL REFERENCES clerks (id)
   ) STRICT`,
  // seq is assigned by the application (head.seq + 1) so that a gap is evidence of deletion.
  `CREATE TABLE audit_log (
     seq         INTEGER NOT NULL PRIMARY KEY CHECK (seq > 0),
     at          TEXT    NOT NULL,
     actor_id    TEXT    NULL,
     actor_login TEXT    NULL,
     action      TEXT    NOT NULL,
     subject     TEXT    NULL,
     details     TEXT    NOT NULL CHECK (json_valid(details) AND json_type(details) = 'object'),
     prev_hash   TEXT    NOT NULL CHECK (length(prev_hash) = 64),
     hash        TEXT    NOT NULL CHECK (length(hash) = 64)
   ) STRICT`,
  `CREATE INDEX audit_log_actor ON audit_log (actor_id, seq)`,
  `CREATE INDEX audit_log_action ON audit_log (action, seq)`,
  `CREATE INDEX audit_log_at ON audit_log (at)`,
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  // The head remembers the last appended row, so deleting the tail of the log is detectable.
  `CREATE TABLE audit_head (
     id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
     seq  INTEGER NOT NULL CHECK (seq >= 0),
     hash TEXT    NOT NULL CHECK (length(hash) = 64)
   ) STRICT`,
  `INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}')`,
];

const down = [
  `DROP TABLE audit_head`,
  `DROP TRIGGER audit_log_no_delete`,
  `DROP TRIGGER audit_log_no_update`,
  `DROP TABLE audit_log`,
  `DROP TABLE settings`,
  `DROP TABLE clerks`,
];

/** One statement per call: the sqlite3 driver executes only the first statement of a string. */
async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export const foundation: Migration = {
  name: '0001_foundation',
  up: (knex: Knex) => runStatements(knex, up),
  down: (knex: Knex) => runStatements(knex, down),
};
