/**
 * Retention: a purged application keeps its journal facts (number, procedure, dates, state,
 * clerk) and nothing that points at the person — not even the keyed hashes or the masked number
 * (its first seven digits are the birth date and sex). 0002 required `id_hash`, so the table is
 * rebuilt with the rule "purged ⇒ no hashes, no mask", the SQLite way (ALTER TABLE docs, §7):
 * foreign keys off, new table, copy, drop, rename, indexes, foreign_key_check, foreign keys on.
 * That cannot happen inside knex's migration transaction (the pragma is a no-op there), so this
 * migration opens its own.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const isoInstant = (column: string) =>
  `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'`;
const hexHmac = (column: string) => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`;
const jsonArray = (column: string) => `${column} IS NULL OR (json_valid(${column}) AND json_type(${column}) = 'array')`;

const COLUMNS = `id, office_code, journal_year, journal_seq, journal_no, procedure, state, clerk_id, workstation_id, created_at,
  printed_at, signed_at, sent_at, decided_at, cancelled_at, rejected_at, updated_at, id_hash, phone_hash, id_masked, personal,
  purged_at, phone_confirmation, refusal_reasons, rejection_problems, temporary_password_sent, version`;

const createTable = (name: string, idHashRule: string, purgeRule: string) => `CREATE TABLE ${name} (
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
     id_hash                 TEXT    ${idHashRule},
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
     CHECK ((personal IS NULL) = (purged_at IS NOT NULL)),
     ${purgeRule}
   ) STRICT`;

const indexes = [
  `CREATE INDEX applications_journal ON applications (created_at, id)`,
  `CREATE INDEX applications_procedure ON applications (procedure, created_at, id)`,
  `CREATE INDEX applications_state ON applications (state, created_at, id)`,
  `CREATE INDEX applications_clerk ON applications (clerk_id, created_at, id)`,
  `CREATE INDEX applications_id_hash ON applications (id_hash, procedure, state)`,
  `CREATE INDEX applications_phone_hash ON applications (phone_hash) WHERE phone_hash IS NOT NULL`,
];

/** The expression the purge compares with its cutoff; the partial index below holds only rows with data. */
export const CLOSED_AT = 'coalesce(decided_at, cancelled_at, rejected_at)';

const upStatements = [
  createTable(
    'applications_new',
    `NULL CHECK (id_hash IS NULL OR (${hexHmac('id_hash')}))`,
    `-- Purged: nothing left that leads to the person. Held: the lookup hash is there.
     CHECK (CASE WHEN personal IS NULL THEN id_hash IS NULL AND phone_hash IS NULL AND id_masked = '' ELSE id_hash IS NOT NULL END)`,
  ),
  `INSERT INTO applications_new (${COLUMNS}) SELECT ${COLUMNS} FROM applications`,
  `DROP TABLE applications`,
  `ALTER TABLE applications_new RENAME TO applications`,
  ...indexes,
  // Rows still holding personal data are few (the retention period's worth): the daily purge and
  // the status count walk this small index, never the whole journal.
  `CREATE INDEX applications_holding ON applications (${CLOSED_AT}) WHERE personal IS NOT NULL`,
];

const downStatements = [
  createTable('applications_old', `NOT NULL CHECK (${hexHmac('id_hash')})`, `CHECK (1)`),
  // Purged rows cannot satisfy 0002's NOT NULL id_hash: going back keeps only what 0002 can hold.
  `INSERT INTO applications_old (${COLUMNS}) SELECT ${COLUMNS} FROM applications WHERE id_hash IS NOT NULL`,
  `DROP TABLE applications`,
  `ALTER TABLE applications_old RENAME TO applications`,
  ...indexes,
];

async function rebuild(knex: Knex, statements: readonly string[]): Promise<void> {
  await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.transaction(async (trx) => {
      for (const sql of statements) await trx.raw(sql);
      const problems: unknown = await trx.raw('PRAGMA foreign_key_check');
      if (Array.isArray(problems) && problems.length > 0)
        throw new Error(`0005_retention: ${problems.length} foreign key problems after the rebuild`);
    });
  } finally {
    await knex.raw('PRAGMA foreign_keys = ON');
  }
}

export const retention: Migration = {
  name: '0005_retention',
  transaction: false,
  up: (knex: Knex) => rebuild(knex, upStatements),
  down: (knex: Knex) => rebuild(knex, downStatements),
};
