/**
 * The office's figures, aggregated in SQL over the applications table: a period's counts per
 * Minsk day, procedure, state and clerk, the events of one day, what was still open at its end,
 * and the journal lines of a period for the CSV export. No personal column is ever read.
 *
 * Periods arrive as ISO UTC instants [from, to) — the caller turns Minsk days into instants —
 * and compare as text, like the journal (created_at is exactly `toISOString()`). Minsk is UTC+3
 * all year, so the local day of an instant is `date(created_at, '+3 hours')`.
 *
 * Indexes (migrations 0002 and 0005): each count of a period walks only the period's entries of a
 * covering index — `(created_at, id)` for the days, and `(procedure | state | clerk_id, created_at,
 * id)` with the column's values listed, so each value is one range of its index and the table
 * itself is never read. The events of one day (signed, sent, decided …) have no index of their
 * own: that count is one pass over the rows created before the day's end.
 */
import { applicationStates, procedures, type ApplicationState, type Procedure } from '../../preload/contract/applications';
import { queryRows } from '../connection';
import type { Db, SqlRow } from '../types';

export interface PeriodCounts {
  byDay: { date: string; count: number }[];
  byProcedure: { procedure: Procedure; count: number }[];
  byState: { state: ApplicationState; count: number }[];
  byClerk: { clerkId: string; clerkName: string | null; count: number }[];
}

export interface DayEvents {
  taken: number;
  signed: number;
  sent: number;
  approved: number;
  refused: number;
  rejected: number;
  cancelled: number;
}

/** An application open at a moment: its facts as of that moment, and its outbox row as it is now. */
export interface OpenApplicationRow {
  id: string;
  journalNo: string;
  procedure: Procedure;
  /** The state now (it may have moved on since the moment asked about). */
  state: ApplicationState;
  clerkId: string;
  clerkName: string | null;
  createdAt: string;
  printedAt: string | null;
  signedAt: string | null;
  sentAt: string | null;
  attempts: number | null;
  lastError: string | null;
}

export interface ExportRow {
  id: string;
  journalNo: string;
  procedure: Procedure;
  state: ApplicationState;
  clerkName: string | null;
  createdAt: string;
  signedAt: string | null;
  decidedAt: string | null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const text = (row: SqlRow, key: string): string => {
  const value = row[key];
  if (typeof value !== 'string') throw new Error(`reports: ${key} is not text`);
  return value;
};
const textOrNull = (row: SqlRow, key: string): string | null => {
  const value = row[key];
  return typeof value === 'string' ? value : null;
};
const int = (row: SqlRow, key: string): number => {
  const value = row[key];
  return typeof value === 'number' ? value : Number(value ?? 0);
};
const intOrNull = (row: SqlRow, key: string): number | null => (row[key] === null || row[key] === undefined ? null : int(row, key));

const isProcedure = (v: string): v is Procedure => (procedures as readonly string[]).includes(v);
const isState = (v: string): v is ApplicationState => (applicationStates as readonly string[]).includes(v);

// CHECK constraints make the two throws below unreachable unless the file was edited by hand.
function procedureOf(row: SqlRow): Procedure {
  const value = text(row, 'procedure');
  if (!isProcedure(value)) throw new Error(`applications.procedure has an unknown value: ${value}`);
  return value;
}
function stateOf(row: SqlRow): ApplicationState {
  const value = text(row, 'state');
  if (!isState(value)) throw new Error(`applications.state has an unknown value: ${value}`);
  return value;
}

/** Applications created in [from, to) counted four ways, in one read transaction (the four agree). */
export async function countPeriod(db: Db, from: string, to: string): Promise<PeriodCounts> {
  const run = async (trx: Db): Promise<PeriodCounts> => {
    const days = await queryRows(
      trx,
      `SELECT date(created_at, '+3 hours') AS day, count(*) AS n
         FROM applications INDEXED BY applications_journal
        WHERE created_at >= ? AND created_at < ?
        GROUP BY day ORDER BY day`,
      [from, to],
    );
    // All values listed, so the index on (column, created_at) serves each as an equality plus the range.
    const countBy = (column: 'procedure' | 'state', values: readonly string[]) =>
      queryRows(
        trx,
        `SELECT ${column}, count(*) AS n
           FROM applications INDEXED BY applications_${column}
          WHERE ${column} IN (${placeholders(values.length)}) AND created_at >= ? AND created_at < ?
          GROUP BY ${column}`,
        [...values, from, to],
      );
    const byProcedure = await countBy('procedure', procedures);
    const byState = await countBy('state', applicationStates);
    // Every clerk_id is a clerk's (foreign key), so the list of clerks is the list of its values.
    const byClerk = await queryRows(
      trx,
      `SELECT a.clerk_id, c.full_name, a.n
         FROM (SELECT clerk_id, count(*) AS n
                 FROM applications INDEXED BY applications_clerk
                WHERE clerk_id IN (SELECT id FROM clerks) AND created_at >= ? AND created_at < ?
                GROUP BY clerk_id) AS a
         LEFT JOIN clerks AS c ON c.id = a.clerk_id`,
      [from, to],
    );
    return {
      byDay: days.map((r) => ({ date: text(r, 'day'), count: int(r, 'n') })),
      byProcedure: byProcedure.map((r) => ({ procedure: procedureOf(r), count: int(r, 'n') })),
      byState: byState.map((r) => ({ state: stateOf(r), count: int(r, 'n') })),
      byClerk: byClerk.map((r) => ({ clerkId: text(r, 'clerk_id'), clerkName: textOrNull(r, 'full_name'), count: int(r, 'n') })),
    };
  };
  return db.isTransaction ? run(db) : db.transaction(run);
}

/**
 * What happened in [from, to): taken (created), signed, sent, decided (approved, refused),
 * rejected and cancelled. Every event follows the creation, so only rows created before `to`
 * can have one; `+created_at` keeps SQLite on the table (the range is most of it, and an index
 * walk would add a lookup per row).
 */
export async function countDayEvents(db: Db, from: string, to: string): Promise<DayEvents> {
  const bindings: string[] = [];
  const within = (column: string, state?: ApplicationState) => {
    bindings.push(...(state ? [state] : []), from, to);
    return `coalesce(sum(${state ? 'state = ? AND ' : ''}${column} >= ? AND ${column} < ?), 0)`;
  };
  const columns = [
    `${within('created_at')} AS taken`,
    `${within('signed_at')} AS signed`,
    `${within('sent_at')} AS sent`,
    `${within('decided_at', 'approved')} AS approved`,
    `${within('decided_at', 'refused')} AS refused`,
    `${within('rejected_at')} AS rejected`,
    `${within('cancelled_at')} AS cancelled`,
  ];
  const [row] = await queryRows(db, `SELECT ${columns.join(', ')} FROM applications WHERE +created_at < ?`, [...bindings, to]);
  const r = row ?? {};
  return {
    taken: int(r, 'taken'),
    signed: int(r, 'signed'),
    sent: int(r, 'sent'),
    approved: int(r, 'approved'),
    refused: int(r, 'refused'),
    rejected: int(r, 'rejected'),
    cancelled: int(r, 'cancelled'),
  };
}

const OPEN_COLUMNS = `a.id, a.journal_no, a.procedure, a.state, a.clerk_id, c.full_name, a.created_at, a.printed_at, a.signed_at,
  a.sent_at, o.attempts, o.last_error`;

function openFromDb(r: SqlRow): OpenApplicationRow {
  return {
    id: text(r, 'id'),
    journalNo: text(r, 'journal_no'),
    procedure: procedureOf(r),
    state: stateOf(r),
    clerkId: text(r, 'clerk_id'),
    clerkName: textOrNull(r, 'full_name'),
    createdAt: text(r, 'created_at'),
    printedAt: textOrNull(r, 'printed_at'),
    signedAt: textOrNull(r, 'signed_at'),
    sentAt: textOrNull(r, 'sent_at'),
    attempts: intOrNull(r, 'attempts'),
    lastError: textOrNull(r, 'last_error'),
  };
}

/**
 * Applications taken before `at` and not closed (decided, rejected, cancelled) before it, oldest
 * first, at most `limit`, with how many there are. Those open now come from the state index (a
 * handful); those closed since come from one pass over the closed rows — skipped when `at` is not
 * past (`now`), as nothing can have closed after it yet.
 */
export async function listOpenAt(db: Db, at: string, now: string, limit: number): Promise<{ rows: OpenApplicationRow[]; total: number }> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const open = ['draft', 'awaiting_signature', 'queued', 'sent'] as const;
  const closedSince = 'coalesce(a.decided_at, a.cancelled_at, a.rejected_at) >= ?';
  const openNow = `a.state IN (${placeholders(open.length)}) AND a.created_at < ?`;
  const where = at <= now ? `(${openNow}) OR (+a.created_at < ? AND ${closedSince})` : openNow;
  const bindings = at <= now ? [...open, at, at, at] : [...open, at];
  const run = async (trx: Db) => {
    const rows = await queryRows(
      trx,
      `SELECT ${OPEN_COLUMNS}
         FROM applications AS a
         LEFT JOIN clerks AS c ON c.id = a.clerk_id
         LEFT JOIN outbox AS o ON o.application_id = a.id
        WHERE ${where}
        ORDER BY a.created_at, a.id
        LIMIT ?`,
      [...bindings, limit],
    );
    const [count] = await queryRows(trx, `SELECT count(*) AS n FROM applications AS a WHERE ${where}`, bindings);
    return { rows: rows.map(openFromDb), total: int(count ?? {}, 'n') };
  };
  return db.isTransaction ? run(db) : db.transaction(run);
}

/**
 * The journal lines of [from, to) in journal order, at most `limit` (the caller asks one more to
 * know whether the list was cut). Facts only: number, procedure, state, dates, clerk.
 */
export async function listPeriodApplications(db: Db, from: string, to: string, limit: number): Promise<ExportRow[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const rows = await queryRows(
    db,
    `SELECT a.id, a.journal_no, a.procedure, a.state, c.full_name, a.created_at, a.signed_at, coalesce(a.decided_at, a.rejected_at) AS decided_at
       FROM applications AS a INDEXED BY applications_journal
       LEFT JOIN clerks AS c ON c.id = a.clerk_id
      WHERE a.created_at >= ? AND a.created_at < ?
      ORDER BY a.created_at, a.id
      LIMIT ?`,
    [from, to, limit],
  );
  return rows.map((r) => ({
    id: text(r, 'id'),
    journalNo: text(r, 'journal_no'),
    procedure: procedureOf(r),
    state: stateOf(r),
    clerkName: textOrNull(r, 'full_name'),
    createdAt: text(r, 'created_at'),
    signedAt: textOrNull(r, 'signed_at'),
    decidedAt: textOrNull(r, 'decided_at'),
  }));
}
