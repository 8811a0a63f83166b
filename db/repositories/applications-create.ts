/** Creating applications: the office's gap-free journal number, the duplicate check and the insert. */
import type { Knex } from 'knex';
import { openStates, type ApplicationState, type Procedure } from '../../preload/contract/applications';
import type { Db } from '../types';
import { insertOf, sqlOf, writeTransaction, type Sql } from '../write-session';
import { byIdHashQuery } from './applications-read';
import {
  applications,
  fromDb,
  toDb,
  INSERT_CHUNK_ROWS,
  type ApplicationDbRow,
  type ApplicationRow,
  type NewApplication,
} from './applications-row';
import { appendAuditsIn, chainHashOf, type AuditInput } from './audit';

interface CounterDbRow {
  office_code: string;
  year: number;
  last_seq: number;
}

/**
 * '2026/03-000123': year, the desk's workstation number (1–99, two digits) and the desk's own
 * counter. The workstation in the number is what makes it unique in the office without the desks
 * agreeing on a counter; it sorts by year, desk, sequence and is plain ASCII for Code 128. Six
 * digits are padding, not a limit (the CHECK of migration 0010 uses the same printf format).
 */
export function formatJournalNo(year: number, workstation: string, seq: number): string {
  return `${year}/${workstation.padStart(2, '0')}-${String(seq).padStart(6, '0')}`;
}

/** '2026/000123': numbers printed before migration 0010 (no workstation); kept as they are. */
export function formatLegacyJournalNo(year: number, seq: number): string {
  return `${year}/${String(seq).padStart(6, '0')}`;
}

/** A desk's workstation number as the journal number carries it: 1–99 written without a leading zero. */
export const isWorkstationNumber = (value: string): boolean => /^([1-9]|[1-9][0-9])$/.test(value);

/**
 * Takes the next number of this desk's journal for an office and a year (1 for the first; after an
 * upgrade the counter goes on from the last number of the old format). Must run in the
 * transaction that inserts the application: if that transaction rolls back, so does the counter,
 * which is what keeps the journal free of gaps.
 */
export async function nextJournalNumber(
  db: Db,
  officeCode: string,
  workstation: string,
  year: number,
): Promise<{ seq: number; journalNo: string }> {
  if (!db.isTransaction) throw new Error('nextJournalNumber must run inside the transaction that inserts the application');
  if (!isWorkstationNumber(workstation)) throw new RangeError(`workstation must be a number from 1 to 99, got "${workstation}"`);
  const [increment, record] = numberStatements(officeCode, workstation, year);
  const result: unknown = await db.raw(increment.sql, [...increment.bindings] as Knex.RawBinding[]);
  const seq = seqOf(Array.isArray(result) ? (result[0] as unknown) : undefined);
  await db.raw(record.sql, [...record.bindings] as Knex.RawBinding[]);
  return { seq, journalNo: formatJournalNo(year, workstation, seq) };
}

const NUMBERED_AS = 'journal.workstation';

/** Taking a number: the counter's increment (returning it) and the record of the desk's number. */
function numberStatements(officeCode: string, workstation: string, year: number): [Sql, Sql] {
  return [
    // One statement: the increment and the read cannot be separated by another writer.
    {
      sql: `INSERT INTO journal_counters (office_code, year, last_seq) VALUES (?, ?, 1)
            ON CONFLICT (office_code, year) DO UPDATE SET last_seq = last_seq + 1
            RETURNING last_seq`,
      bindings: [officeCode, year],
    },
    // The first number in the new form fixes the desk's workstation number (see numberedAs).
    { sql: `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, bindings: [NUMBERED_AS, workstation] },
  ];
}

function seqOf(row: unknown): number {
  const seq = typeof row === 'object' && row !== null && 'last_seq' in row ? Number(row.last_seq) : NaN;
  if (!Number.isInteger(seq) || seq < 1) throw new Error('journal_counters: the increment returned no number');
  return seq;
}

/**
 * The workstation number this desk's journal numbers carry (null before its first new-form
 * number). Start-up compares it with the config file: a desk renumbered by a changed file would
 * print numbers another desk of the office prints too.
 */
export async function numberedAs(db: Db): Promise<string | null> {
  const row: { value: string } | undefined = await db('meta').select('value').where('key', NUMBERED_AS).first();
  return row?.value ?? null;
}

/** The counter as it stands (null before the first number of that year); for checks and tools. */
export async function currentJournalSeq(db: Db, officeCode: string, year: number): Promise<number | null> {
  const row = await db<CounterDbRow>('journal_counters').where({ office_code: officeCode, year }).first();
  return row?.last_seq ?? null;
}

const complete = (row: NewApplication): ApplicationRow => ({
  ...row,
  phoneDeferredReason: row.phoneDeferredReason ?? null,
  registryUnchecked: row.registryUnchecked ?? false,
  version: 1,
});

export interface CreateRequest {
  idHash: string;
  procedure: Procedure;
  officeCode: string;
  workstation: string;
  year: number;
  /** With the number taken: the row to insert and the audit entry that records it. */
  build(number: { seq: number; journalNo: string }): { row: NewApplication; audit: AuditInput };
}

/** Created, or refused because the person has an open application (or, to issue, an approved one). */
export type CreateOutcome = { created: ApplicationRow } | { duplicates: { open: ApplicationRow[]; approved: ApplicationRow[] } };

/**
 * The duplicate check, the number, the row and its audit entry in one transaction (the check
 * inside it: two clerks cannot both pass it for one person; the number rolls back with the row,
 * which keeps the journal free of gaps). On the write session's prepared statements
 * (db/write-session.ts): the clerk waits for this one at the counter. A duplicate writes nothing.
 */
export async function createApplication(db: Db, request: CreateRequest): Promise<CreateOutcome> {
  const { idHash, procedure, officeCode, workstation, year } = request;
  if (!isWorkstationNumber(workstation)) throw new RangeError(`workstation must be a number from 1 to 99, got "${workstation}"`);
  const chainHash = await chainHashOf(db);
  const connection = db.client.config as object;
  const outcome = await writeTransaction(db, async (session): Promise<CreateOutcome> => {
    const states: ApplicationState[] = procedure === 'issue' ? [...openStates, 'approved'] : [...openStates];
    // Our own table's rows, as knex would return them from the same query.
    const found = (await session.all(sqlOf(byIdHashQuery(db, idHash, procedure, states)))).map((r) =>
      fromDb(r as unknown as ApplicationDbRow),
    );
    const open = found.filter((r) => r.state !== 'approved');
    const approved = found.filter((r) => r.state === 'approved');
    if (found.length > 0) return { duplicates: { open, approved } };
    const [increment, record] = numberStatements(officeCode, workstation, year);
    const [counter] = await session.all(increment);
    const seq = seqOf(counter);
    if (recordedOn.get(connection) !== workstation) await session.run(record);
    const { row, audit } = request.build({ seq, journalNo: formatJournalNo(year, workstation, seq) });
    const full = complete(row);
    await session.run(insertOf('applications', toDb(full)));
    await appendAuditsIn(session, chainHash, [audit]);
    return { created: full };
  });
  // Committed: meta holds this desk's number now (or an earlier one, which the insert would keep).
  if ('created' in outcome) recordedOn.set(connection, workstation);
  return outcome;
}

/** Per connection (knex shares `client.config` with its transactions): the desk number known to be in meta. */
const recordedOn = new WeakMap<object, string>();

export async function insertApplication(db: Db, row: NewApplication): Promise<ApplicationRow> {
  const full = complete(row);
  await applications(db).insert(toDb(full));
  return full;
}

/** Bulk insert (imports, benchmark data) in chunks of ≤ 500 rows, all in one transaction. */
export async function insertApplications(db: Db, rows: readonly NewApplication[]): Promise<void> {
  if (!db.isTransaction) return db.transaction((trx) => insertApplications(trx, rows));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
    await applications(db).insert(rows.slice(i, i + INSERT_CHUNK_ROWS).map((row) => toDb(complete(row))));
  }
}
