/**
 * Journal numbers unique in the office (issue 14): a new number carries the desk's workstation
 * number, '2026/03-000123', so the desks of an office never need to agree on a counter. Numbers
 * already printed ('2026/000123') are never changed: the CHECK accepts both forms, each tied to
 * the row's own year, sequence and (for the new form) workstation. The counter is untouched, so a
 * desk's numbering goes on from where it was. A number is also looked up on its own (the journal's
 * search by number), hence an index on it. The outbox keeps what 1.1 adds to a submission as it
 * stood at signing (`desk_fields`).
 *
 * Same rebuild as 0005 (ALTER TABLE docs, §7): a CHECK cannot be altered in place. Its own
 * transaction: the foreign-keys pragma is a no-op inside knex's.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const isoInstant = (column: string) =>
  `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'`;
const hexHmac = (column: string) => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`;
const jsonArray = (column: string) => `${column} IS NULL OR (json_valid(${column}) AND json_type(${column}) = 'array')`;

const COLUMNS = `id, office_code, journal_year, journal_seq, journal_no, procedure, state, clerk_id, workstation_id, created_at,
  printed_at, signed_at, sent_at, decided_at, cancelled_at, rejected_at, updated_at, id_hash, phone_hash, id_masked, personal,
  purged_at, phone_confirmation, refusal_reasons, rejection_problems, temporary_password_sent, version,
  phone_deferred_reason, registry_unchecked`;

const LEGACY_NUMBER = `journal_no = printf('%d/%06d', journal_year, journal_seq)`;
// The workstation part is the row's own workstation_id (1–99): a number cannot claim another desk.
const DESK_NUMBER = `(workstation_id GLOB '[1-9]' OR workstation_id GLOB '[1-9][0-9]')
       AND journal_no = printf('%d/%02d-%06d', journal_year, CAST(workstation_id AS INTEGER), journal_seq)`;

const createTable = (name: string, numberRule: string) => `CREATE TABLE ${name} (
     id                      TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
     office_code             TEXT    NOT NULL CHECK (length(office_code) > 0),
     journal_year            INTEGER NOT NULL CHECK (journal_year BETWEEN 2000 AND 9999),
     journal_seq             INTEGER NOT NULL CHECK (journal_seq > 0),
     journal_no              TEXT    NOT NULL CHECK (${numberRule}),
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
     id_hash                 TEXT    NULL CHECK (id_hash IS NULL OR (${hexHmac('id_hash')})),
     phone_hash              TEXT    NULL CHECK (phone_hash IS NULL OR (${hexHmac('phone_hash')})),
     id_masked               TEXT    NOT NULL,
     personal                BLOB    NULL,
     purged_at               TEXT    NULL,
     phone_confirmation      TEXT    NOT NULL CHECK (phone_confirmation IN ('none', 'sms_code', 'deferred')),
     refusal_reasons         TEXT    NULL CHECK (${jsonArray('refusal_reasons')}),
     rejection_problems      TEXT    NULL CHECK (${jsonArray('rejection_problems')}),
     temporary_password_sent INTEGER NULL CHECK (temporary_password_sent IN (0, 1)),
     version                 INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
     -- 0008 (issue 13): kept through the rebuild.
     phone_deferred_reason   TEXT    NULL CHECK (phone_deferred_reason IN ('registry_unreachable', 'registry_not_configured')),
     registry_unchecked      INTEGER NOT NULL DEFAULT 0 CHECK (registry_unchecked IN (0, 1)),
     UNIQUE (office_code, journal_no),
     CHECK ((personal IS NULL) = (purged_at IS NOT NULL)),
     CHECK (CASE WHEN personal IS NULL THEN id_hash IS NULL AND phone_hash IS NULL AND id_masked = '' ELSE id_hash IS NOT NULL END)
   ) STRICT`;

const indexes = [
  `CREATE INDEX applications_journal ON applications (created_at, id)`,
  `CREATE INDEX applications_procedure ON applications (procedure, created_at, id)`,
  `CREATE INDEX applications_state ON applications (state, created_at, id)`,
  `CREATE INDEX applications_clerk ON applications (clerk_id, created_at, id)`,
  `CREATE INDEX applications_id_hash ON applications (id_hash, procedure, state)`,
  `CREATE INDEX applications_phone_hash ON applications (phone_hash) WHERE phone_hash IS NOT NULL`,
  `CREATE INDEX applications_holding ON applications (coalesce(decided_at, cancelled_at, rejected_at)) WHERE personal IS NOT NULL`,
];

const rebuildTo = (numberRule: string, where = '') => [
  createTable('applications_next', numberRule),
  `INSERT INTO applications_next (${COLUMNS}) SELECT ${COLUMNS} FROM applications${where}`,
  `DROP TABLE applications`,
  `ALTER TABLE applications_next RENAME TO applications`,
  ...indexes,
];

const upStatements = [
  ...rebuildTo(`${LEGACY_NUMBER} OR (${DESK_NUMBER})`),
  `CREATE INDEX applications_journal_no ON applications (journal_no)`,
  // What a submission says besides the application (number, clerk), fixed at signing (db/repositories/outbox.ts).
  `ALTER TABLE outbox ADD COLUMN desk_fields TEXT NULL CHECK (desk_fields IS NULL OR (json_valid(desk_fields) AND json_type(desk_fields) = 'object'))`,
];
// Going back keeps what 0005's schema can hold: new-form numbers cannot (and their rows must go
// with their outbox, labels and notifications, or the foreign key check stops the downgrade).
const downStatements = [
  `ALTER TABLE outbox DROP COLUMN desk_fields`,
  `DELETE FROM outbox WHERE application_id IN (SELECT id FROM applications WHERE NOT (${LEGACY_NUMBER}))`,
  `DELETE FROM label_jobs WHERE application_id IN (SELECT id FROM applications WHERE NOT (${LEGACY_NUMBER}))`,
  `DELETE FROM notifications WHERE application_id IN (SELECT id FROM applications WHERE NOT (${LEGACY_NUMBER}))`,
  ...rebuildTo(LEGACY_NUMBER, ` WHERE ${LEGACY_NUMBER}`),
];

async function rebuild(knex: Knex, statements: readonly string[]): Promise<void> {
  await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.transaction(async (trx) => {
      for (const sql of statements) await trx.raw(sql);
      const problems: unknown = await trx.raw('PRAGMA foreign_key_check');
      if (Array.isArray(problems) && problems.length > 0)
        throw new Error(`0010_desk_numbers: ${problems.length} foreign key problems after the rebuild`);
    });
  } finally {
    await knex.raw('PRAGMA foreign_keys = ON');
  }
}

export const deskNumbers: Migration = {
  name: '0010_desk_numbers',
  transaction: false,
  up: (knex: Knex) => rebuild(knex, upStatements),
  down: (knex: Knex) => rebuild(knex, downStatements),
};
