/**
 * Notifications: the registry decided (or rejected) an application, told to the clerk who took
 * it — kept until read, so a clerk who was not at the counter when it came still sees it.
 */
import type { Knex } from 'knex';
import type { Migration } from './index';

const up = [
  `CREATE TABLE notifications (
     id             TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36),
     clerk_id       TEXT NOT NULL REFERENCES clerks (id),
     application_id TEXT NOT NULL REFERENCES applications (id),
     outcome        TEXT NOT NULL CHECK (outcome IN ('approved', 'refused', 'rejected')),
     created_at     TEXT NOT NULL,
     read_at        TEXT NULL
   ) STRICT`,
  `CREATE INDEX notifications_clerk ON notifications (clerk_id, created_at)`,
];

const down = [`DROP INDEX notifications_clerk`, `DROP TABLE notifications`];

/** One statement per call: the sqlite3 driver executes only the first statement of a string. */
async function runStatements(knex: Knex, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export const notifications: Migration = {
  name: '0004_notifications',
  up: (knex: Knex) => runStatements(knex, up),
  down: (knex: Knex) => runStatements(knex, down),
};
