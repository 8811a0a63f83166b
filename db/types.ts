import type { Knex } from 'knex';

/** Every repository function takes either the knex instance or a transaction opened from it. */
export type Db = Knex | Knex.Transaction;

/** A row as the sqlite3 driver returns it from raw SQL; narrowed by the caller. */
export type SqlRow = Record<string, unknown>;
