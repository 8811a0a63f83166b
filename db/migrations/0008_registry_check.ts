/**
 * Issue 13: an application records why its phone confirmation was deferred (the registry did not
 * answer, or none was set up) and whether the registry's UID state was checked when it was
 * created; one created while the registry did not answer is checked again at signing. Existing
 * rows are left as "checked": they were taken under the old rules, and re-checking them would
 * refuse signatures the clerk already promised.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const up = [
  `ALTER TABLE applications ADD COLUMN phone_deferred_reason TEXT NULL
     CHECK (phone_deferred_reason IN ('registry_unreachable', 'registry_not_configured'))`,
  `ALTER TABLE applications ADD COLUMN registry_unchecked INTEGER NOT NULL DEFAULT 0 CHECK (registry_unchecked IN (0, 1))`,
];

const down = [`ALTER TABLE applications DROP COLUMN registry_unchecked`, `ALTER TABLE applications DROP COLUMN phone_deferred_reason`];

/** One statement per call: the sqlite3 driver executes only the first statement of a string. */
async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export const registryCheck: Migration = {
  name: '0008_registry_check',
  up: (knex: Knex) => runStatements(knex, up),
  down: (knex: Knex) => runStatements(knex, down),
};
