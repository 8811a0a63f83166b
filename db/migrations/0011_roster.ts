/**
 * One clerk roster for the office (issue 14): accounts live in the registry's office roster and
 * each desk keeps, beside its clerks, the registry version each account is at (`roster_versions`),
 * the local changes not yet accepted by the registry (`roster_outbox`, one row per account: the
 * entry sent is always the account as it is now), and the changes of this desk that lost to a
 * later one at the registry (`roster_conflicts`, shown to the administrator until acknowledged).
 * The pull cursor is in `meta`. Accounts made before this migration are queued as new entries, so
 * the first desk of an office pushes its accounts at its first sync.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const up = [
  `CREATE TABLE roster_versions (
     clerk_id   TEXT    NOT NULL PRIMARY KEY REFERENCES clerks (id),
     version    INTEGER NOT NULL CHECK (version >= 1),
     updated_at TEXT    NOT NULL,
     updated_by TEXT    NULL
   ) STRICT`,
  // changes: bumped by every local change, so an answer to an older push never clears a newer one.
  `CREATE TABLE roster_outbox (
     clerk_id     TEXT    NOT NULL PRIMARY KEY REFERENCES clerks (id),
     base_version INTEGER NOT NULL CHECK (base_version >= 0),
     changes      INTEGER NOT NULL DEFAULT 1 CHECK (changes >= 1),
     actor_login  TEXT    NULL,
     enqueued_at  TEXT    NOT NULL,
     attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
     last_error   TEXT    NULL
   ) STRICT`,
  `CREATE TABLE roster_conflicts (
     id              TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
     clerk_id        TEXT    NOT NULL REFERENCES clerks (id),
     login           TEXT    NOT NULL,
     at              TEXT    NOT NULL,
     lost            TEXT    NOT NULL CHECK (json_valid(lost) AND json_type(lost) = 'array'),
     winner_version  INTEGER NOT NULL CHECK (winner_version >= 1),
     winner_by       TEXT    NULL,
     acknowledged_at TEXT    NULL,
     acknowledged_by TEXT    NULL
   ) STRICT`,
  `CREATE INDEX roster_conflicts_open ON roster_conflicts (acknowledged_at, at)`,
  `INSERT INTO roster_outbox (clerk_id, base_version, changes, actor_login, enqueued_at)
   SELECT id, 0, 1, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM clerks`,
];

const down = [`DROP INDEX roster_conflicts_open`, `DROP TABLE roster_conflicts`, `DROP TABLE roster_outbox`, `DROP TABLE roster_versions`];

/** One statement per call: the sqlite3 driver executes only the first statement of a string. */
async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export const roster: Migration = {
  name: '0011_roster',
  up: (knex: Knex) => runStatements(knex, up),
  down: (knex: Knex) => runStatements(knex, down),
};
