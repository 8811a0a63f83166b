/**
 * A write transaction on the writer's own connection with prepared statements, for the one write
 * a clerk waits for at the counter: creating an application (issue 18). Through knex each
 * statement cost 0.2–0.4 ms of query building, events and a pool round trip, and SQLite parsed
 * the 30-column insert anew each time; here statements are prepared once per connection and each
 * costs one trip to SQLite's thread (~0.07 ms).
 *
 * - The knex pool holds one connection: holding it is the process's write lock, and every other
 *   query waits until the transaction has ended.
 * - One statement at a time, in the order issued: node-sqlite3 sends each prepared statement to
 *   its thread pool on its own (its serialized mode orders only the connection's own calls), so a
 *   statement issued before the previous one finished could overtake it. Pipelining them saved
 *   ~0.2 ms of 1.3 and is not worth that risk. `BEGIN IMMEDIATE` comes first: nothing runs outside
 *   the transaction.
 * - COMMIT is issued only after every statement of the body has succeeded; otherwise ROLLBACK.
 * - Prepared statements are finalized before knex closes the connection (`finalizeOnClose`):
 *   SQLite refuses to close a connection that still has them.
 */
import sqlite3, { type Database, type Statement } from 'sqlite3';
import type { Db, SqlRow } from './types';

/** A statement and its bindings, e.g. from a knex builder's `toSQL().toNative()`. */
export interface Sql {
  sql: string;
  bindings: readonly unknown[];
}

export interface WriteSession {
  /** The rows of a statement (a SELECT, or a write with RETURNING). */
  all(q: Sql): Promise<SqlRow[]>;
  /** A write; resolves to the number of rows it changed. */
  run(q: Sql): Promise<number>;
}

/** knex's query builder as text and bindings, without running it. */
export function sqlOf(builder: { toSQL(): { toNative(): { sql: string; bindings: readonly unknown[] } } }): Sql {
  const { sql, bindings } = builder.toSQL().toNative();
  return { sql, bindings };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * `INSERT INTO table (columns) VALUES (?, …)` for one row, built without knex's query compiler
 * (a tenth of a millisecond a create, and garbage). The names are our own code's keys, never input;
 * anything else is refused.
 */
export function insertOf(table: string, row: Readonly<Record<string, unknown>>): Sql {
  const columns = Object.keys(row).filter((c) => row[c] !== undefined);
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  return {
    sql: `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    bindings: columns.map((c) => row[c]),
  };
}

/** Distinct statement texts kept prepared per connection (the create path uses about ten). */
const MAX_PREPARED = 64;
const prepared = new WeakMap<Database, Map<string, Statement>>();

function cacheOf(conn: Database): Map<string, Statement> {
  let cache = prepared.get(conn);
  if (!cache) prepared.set(conn, (cache = new Map()));
  return cache;
}

const finalize = (statement: Statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()));

/** Before the connection is closed: SQLite will not close one with statements still prepared. */
export async function finalizePrepared(conn: Database): Promise<void> {
  const cache = prepared.get(conn);
  if (!cache) return;
  prepared.delete(conn);
  await Promise.all([...cache.values()].map(finalize));
}

/** The part of knex's client this module uses (knex types it as `any`). */
interface Client {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  destroyRawConnection(connection: unknown): Promise<unknown>;
}

const isClient = (value: unknown): value is Client =>
  typeof value === 'object' &&
  value !== null &&
  'acquireConnection' in value &&
  typeof value.acquireConnection === 'function' &&
  'releaseConnection' in value &&
  typeof value.releaseConnection === 'function' &&
  'destroyRawConnection' in value &&
  typeof value.destroyRawConnection === 'function';

const finalizing = new WeakSet<Client>();

/** From the first session on, closing one of this client's connections finalizes its statements first. */
function finalizeOnClose(client: Client): void {
  if (finalizing.has(client)) return;
  finalizing.add(client);
  const destroy = client.destroyRawConnection.bind(client);
  client.destroyRawConnection = async (connection: unknown) => {
    if (connection instanceof sqlite3.Database) await finalizePrepared(connection);
    return destroy(connection);
  };
}

class Session implements WriteSession {
  /** The statement before: the next one starts only when it has finished (see the module comment). */
  private last: Promise<unknown> = Promise.resolve();
  private readonly issued: Promise<unknown>[] = [];

  constructor(private readonly conn: Database) {}

  all(q: Sql): Promise<SqlRow[]> {
    return this.issue(q.sql, (statement, resolve, reject) =>
      statement.all<SqlRow>([...q.bindings], (error, rows) => (error ? reject(error) : resolve(rows))),
    );
  }

  run(q: Sql): Promise<number> {
    return this.issue(q.sql, (statement, resolve, reject) =>
      statement.run([...q.bindings], function (error) {
        if (error) reject(error);
        else resolve(this.changes);
      }),
    );
  }

  /** Every issued statement has finished; the first failure, if any, is thrown. */
  async settled(): Promise<void> {
    const outcomes = await Promise.allSettled(this.issued);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Keeps the connection's cache bounded (oldest texts go first). */
  async trim(): Promise<void> {
    const cache = cacheOf(this.conn);
    const over = [...cache.entries()].slice(0, Math.max(0, cache.size - MAX_PREPARED));
    for (const [sql] of over) cache.delete(sql);
    await Promise.all(over.map(([, statement]) => finalize(statement)));
  }

  private issue<T>(
    sql: string,
    exec: (statement: Statement, resolve: (value: T) => void, reject: (error: Error) => void) => void,
  ): Promise<T> {
    const start = async (): Promise<T> => {
      const statement = cacheOf(this.conn).get(sql) ?? (await this.prepare(sql));
      return new Promise<T>((resolve, reject) => exec(statement, resolve, reject));
    };
    const result = this.last.then(start, start);
    this.last = result.catch(() => undefined);
    this.issued.push(result);
    // A failure the body did not await is reported by settled(), not as an unhandled rejection.
    result.catch(() => undefined);
    return result;
  }

  private prepare(sql: string): Promise<Statement> {
    return new Promise((resolve, reject) => {
      const statement = this.conn.prepare(sql, (error) => {
        if (error) return reject(error);
        cacheOf(this.conn).set(sql, statement);
        resolve(statement);
      });
    });
  }
}

function exec(conn: Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (error) => (error ? reject(error) : resolve())));
}

/**
 * Runs `body` in one IMMEDIATE transaction on the writer's connection and commits what it issued,
 * or rolls all of it back if the body throws or any statement failed. Not inside a knex
 * transaction: that one holds the connection this needs.
 */
export async function writeTransaction<T>(db: Db, body: (session: WriteSession) => Promise<T>): Promise<T> {
  if (db.isTransaction) throw new Error('writeTransaction opens its own transaction: do not call it inside a knex transaction');
  const client: unknown = db.client;
  if (!isClient(client)) throw new Error('writeTransaction needs a knex instance');
  finalizeOnClose(client);
  const conn = await client.acquireConnection();
  try {
    if (!(conn instanceof sqlite3.Database)) throw new Error('writeTransaction needs an sqlite3 connection');
    await exec(conn, 'BEGIN IMMEDIATE');
    const session = new Session(conn);
    let value: T;
    try {
      value = await body(session);
      await session.settled();
    } catch (error) {
      await session.settled().catch(() => undefined);
      await exec(conn, 'ROLLBACK').catch(() => undefined);
      throw error;
    }
    await exec(conn, 'COMMIT').catch(async (error: unknown) => {
      await exec(conn, 'ROLLBACK').catch(() => undefined);
      throw error;
    });
    await session.trim();
    return value;
  } finally {
    await client.releaseConnection(conn);
  }
}
