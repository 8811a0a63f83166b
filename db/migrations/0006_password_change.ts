/**
 * Forced password change: an account created or reset by an administrator carries a password
 * someone else chose, so its owner must set their own before any other work (issue 15).
 * Existing accounts are not forced: their passwords were set before this rule.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const up = [`ALTER TABLE clerks ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1))`];

const down = [`ALTER TABLE clerks DROP COLUMN must_change_password`];

/** One statement per call: the sqlite3 driver executes only the first statement of a string. */
async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export const passwordChange: Migration = {
  name: '0006_password_change',
  up: (knex: Knex) => runStatements(knex, up),
  down: (knex: Knex) => runStatements(knex, down),
};
