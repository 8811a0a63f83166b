/**
 * Applications (encrypted personal data, keyed-hash lookups), the per-office journal counters,
 * the sync outbox and a small key/value `meta` table (the encryption key check lives there).
 *
 * Index choice for the journal (newest first, optional date range and one of procedure / state /
 * clerk): each filter has its own `(filter, created_at, id)` index, so an equality plus the range
 * is walked backwards in order and `LIMIT 51` stops early; `(created_at, id)` serves the
 * unfiltered list. `id` is in every index because ties on created_at are broken by id, and a
 * rowid table's secondary index would otherwise sort ties by rowid (a temp B-tree for the rest).
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

/** Exactly `Date.prototype.toISOString()`: the journal's order and date ranges compare it as text. */
const isoInstant = (column: string) =>
  `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'`;
const hexHmac = (column: string) => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`;
const jsonArray = (column: string) => `${column} IS NULL OR (json_valid(${column}) AND json_type(${column}) = 'array')`;

const up = [
  `CREATE TABLE applications (
     id                      TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
     office_code             TEXT    NOT NULL CHECK (length(office_code) > 0),
     journal_year            INTEGER NOT NULL CHECK (journal_year BETWEEN 2000 AND 9999),
     journal_seq             INTEGER NOT NULL CHECK (journal_seq > 0),
     journal_no              TEXT    NOT NULL CHECK (journal_no = printf('%d/%06d', journal_year, journal_seq)),
     procedure               TEXT    NOT NULL CHECK (procedure IN ('issue', 'block', 'unblock', 'change_phone', 'reset_password')),
     state                   TEXT    NOT NULL CHECK (state IN ('draft', 'awaiting_signature', 'queued', 'sent', 'approved', 'refused', 'cancelled', 'rejected')),
     clerk_id                TEXT    NOT NULL REFERENCES clerks (id),
     workstation_id          TEXT    NOT NULL,
     created_at              TEXT    NOT NULL CHECK (${isoInstant('created_at')}),
     printed_at              TEXT    NULL,
     signed_at               TEXT    NULL,
     sent_at                 TEXT    NULL,
     decided_at              TEXT    NULL,
     cancelled_at            TEXT    NULL,
     rejected_at             TEXT    NULL,
     updated_at              TEXT    NOT NULL CHECK (${isoInstant('updated_at')}),
     id_hash                 TEXT    NOT NULL CHECK (${hexHmac('id_hash')}),
     phone_hash              TEXT    NULL CHECK (phone_hash IS NULL OR (${hexHmac('phone_hash')})),
     id_masked               TEXT    NOT NULL,
     personal                BLOB    NULL,
     purged_at               TEXT    NULL,
     phone_confirmation      TEXT    NOT NULL CHECK (phone_confirmation IN ('none', 'sms_code', 'deferred')),
     refusal_reasons         TEXT    NULL CHECK (${jsonArray('refusal_reasons')}),
     rejection_problems      TEXT    NULL CHECK (${jsonArray('rejection_problems')}),
     temporary_password_sent INTEGER NULL CHECK (temporary_password_sent IN (0, 1)),
     version                 INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
     UNIQUE (office_code, journal_no),
     -- Personal data are either present or purged, and a purge is always dated.
     CHECK ((personal IS NULL) = (purged_at IS NOT NULL))
   ) STRICT`,
  `CREATE INDEX applications_journal ON applications (created_at, id)`,
  `CREATE INDEX applications_procedure ON applications (procedure, created_at, id)`,
  `CREATE INDEX applications_state ON applications (state, created_at, id)`,
  `CREATE INDEX applications_clerk ON applications (clerk_id, created_at, id)`,
  `CREATE INDEX applications_id_hash ON applications (id_hash, procedure, state)`,
  `CREATE INDEX applications_phone_hash ON applications (phone_hash) WHERE phone_hash IS NOT NULL`,
  // Tiny rows looked up by their key only: WITHOUT ROWID stores them in the key's B-tree.
  `CREATE TABLE journal_counters (
     office_code TEXT    NOT NULL,
     year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
     last_seq    INTEGER NOT NULL CHECK (last_seq > 0),
     PRIMARY KEY (office_code, year)
   ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE outbox (
     application_id  TEXT    NOT NULL PRIMARY KEY REFERENCES applications (id),
     enqueued_at     TEXT    NOT NULL,
     attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
     next_attempt_at TEXT    NOT NULL,
     last_error      TEXT    NULL,
     last_attempt_at TEXT    NULL,
     state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected'))
   ) STRICT`,
  `CREATE INDEX outbox_due ON outbox (state, next_attempt_at, enqueued_at)`,
  `CREATE TABLE meta (
     key   TEXT NOT NULL PRIMARY KEY,
     value TEXT NOT NULL
   ) STRICT`,
  // An application's history is its audit rows (subject = application id), in order.
  `CREATE INDEX audit_log_subject ON audit_log (subject, seq)`,
];

const down = [
  `DROP INDEX audit_log_subject`,
  `DROP TABLE meta`,
  `DROP TABLE outbox`,
  `DROP TABLE journal_counters`,
  `DROP TABLE applications`,
];

/** One statement per call: the sqlite3 driver executes only the first statement of a string. */
async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export const applications: Migration = {
  name: '0002_applications',
  up: (knex: Knex) => runStatements(knex, up),
  down: (knex: Knex) => runStatements(knex, down),
};
