import type { Knex } from 'knex';

/** Every repository function takes either the knex instance or a transaction opened from it. */
export type Db = Knex | Knex.Transaction;

/** A row as the sqlite3 driver returns it from raw SQL; narrowed by the caller. */
export type SqlRow = Record<string, unknown>;

/**
 * What the database layer logs through. Declared here because db/ never imports main/; the app's
 * logger (main/log.ts) has this shape and is passed in.
 */
export interface DbLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
