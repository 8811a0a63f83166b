/** Rows written as an older schema had them, for the migration tests that upgrade such a file. */
import type { Knex } from 'knex';

/** A clerk row of schema 1–5 (before 0006 added must_change_password). */
export function insertOldClerk(db: Knex, id: string, at: string): Promise<unknown> {
  return db('clerks').insert({
    id,
    login: 'c',
    full_name: 'Клерк',
    role: 'clerk',
    password_hash: 'x',
    disabled: 0,
    failed_attempts: 0,
    created_at: at,
    updated_at: at,
  });
}
