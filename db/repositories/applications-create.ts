/** Creating applications: the office's gap-free journal number and the insert that uses it. */
import type { Db } from '../types';
import { applications, toDb, INSERT_CHUNK_ROWS, type ApplicationRow, type NewApplication } from './applications-row';

interface CounterDbRow {
  office_code: string;
  year: number;
  last_seq: number;
}

/** '2026/000123'. Six digits are padding, not a limit (the CHECK uses the same printf format). */
export function formatJournalNo(year: number, seq: number): string {
  return `${year}/${String(seq).padStart(6, '0')}`;
}

/**
 * Takes the next number of an office's journal for a year (1 for the first). Must run in the
 * transaction that inserts the application: if that transaction rolls back, so does the counter,
 * which is what keeps the journal free of gaps.
 */
export async function nextJournalNumber(db: Db, officeCode: string, year: number): Promise<{ seq: number; journalNo: string }> {
  if (!db.isTransaction) throw new Error('nextJournalNumber must run inside the transaction that inserts the application');
  // One statement: the increment and the read cannot be separated by another writer.
  const result: unknown = await db.raw(
    `INSERT INTO journal_counters (office_code, year, last_seq) VALUES (?, ?, 1)
     ON CONFLICT (office_code, year) DO UPDATE SET last_seq = last_seq + 1
     RETURNING last_seq`,
    [officeCode, year],
  );
  const row: unknown = Array.isArray(result) ? result[0] : undefined;
  const seq = typeof row === 'object' && row !== null && 'last_seq' in row ? Number(row.last_seq) : NaN;
  if (!Number.isInteger(seq) || seq < 1) throw new Error('journal_counters: the increment returned no number');
  return { seq, journalNo: formatJournalNo(year, seq) };
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
