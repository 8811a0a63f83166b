/**
 * Label jobs: one row per label sent to the label printer (the first one after «Подписано», each
 * reprint, each test label). The printer queue itself lives in memory; this table is what the
 * clerk sees ("printed at…", "not confirmed") and survives a restart. `queued` rows found at
 * start-up become `unconfirmed`: whether the printer got them is unknown, so they are never
 * re-sent on their own (no label twice); the clerk reprints if the sticker is missing.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const up = [
  `CREATE TABLE label_jobs (
     id             TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36),
     application_id TEXT NULL REFERENCES applications (id),
     kind           TEXT NOT NULL CHECK (kind IN ('first', 'reprint', 'test')),
     clerk_id       TEXT NOT NULL REFERENCES clerks (id),
     queued_at      TEXT NOT NULL,
     printed_at     TEXT NULL,
     state          TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printed', 'unconfirmed')),
     CHECK ((kind = 'test') = (application_id IS NULL)),
     CHECK ((state = 'printed') = (printed_at IS NOT NULL))
   ) STRICT`,
  `CREATE INDEX label_jobs_application ON label_jobs (application_id, queued_at)`,
  `CREATE INDEX label_jobs_state ON label_jobs (state)`,
];

const down = [`DROP INDEX label_jobs_state`, `DROP INDEX label_jobs_application`, `DROP TABLE label_jobs`];

/** One statement per call: the sqlite3 driver executes only the first statement of a string. */
async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export const labels: Migration = {
  name: '0003_labels',
  up: (knex: Knex) => runStatements(knex, up),
  down: (knex: Knex) => runStatements(knex, down),
};
