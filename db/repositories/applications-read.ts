/** Reading applications: by id, by person or phone (keyed hashes), and the journal page by page. */
import type { Db, SqlRow } from '../types';
import { openStates, type ApplicationState, type Procedure } from '../../preload/contract/applications';
import { applications, applicationsBy, fromDb, INSERT_CHUNK_ROWS, type ApplicationRow } from './applications-row';

export interface JournalCursor {
  createdAt: string;
  id: string;
}

export interface JournalFilter {
  /** ISO instants, half-open: from <= created_at < to. */
  from: string;
  to: string;
  procedure?: Procedure;
  state?: ApplicationState;
  clerkId?: string;
  idHash?: string;
  /** One number, either form ('2026/000123' before migration 0010, '2026/03-000123' after). */
  journalNo?: string;
  /** The last row of the previous page: the page continues strictly after (older than) it. */
  cursor?: JournalCursor;
  limit: number;
}

export interface JournalPage {
  rows: ApplicationRow[];
  /** Pass as `cursor` for the next (older) page; null when this was the last page. */
  nextCursor: JournalCursor | null;
}

/** Newest first, ties broken by id: the journal's (created_at, id) order, which its indexes serve. */
const newestFirst = (): { column: string; order: 'desc' }[] => [
  { column: 'created_at', order: 'desc' },
  { column: 'id', order: 'desc' },
];

export async function findApplication(db: Db, id: string): Promise<ApplicationRow | null> {
  const row = await applications(db).where('id', id).first();
  return row ? fromDb(row) : null;
}

/** Several applications by id, in one query (order not kept). */
export async function findApplications(db: Db, ids: readonly string[]): Promise<ApplicationRow[]> {
  const out: ApplicationRow[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK_ROWS) {
    const rows = await applications(db).whereIn('id', ids.slice(i, i + INSERT_CHUNK_ROWS));
    out.push(...rows.map(fromDb));
  }
  return out;
}

/** One person's applications of a procedure in the given states, newest first (the duplicate check's query). */
export const byIdHashQuery = (db: Db, idHash: string, procedure: Procedure, states: readonly ApplicationState[]) =>
  applicationsBy(db, 'applications_id_hash')
    .where({ id_hash: idHash, procedure })
    .whereIn('state', [...states])
    .orderBy(newestFirst());

async function byIdHash(db: Db, idHash: string, procedure: Procedure, states: readonly ApplicationState[]): Promise<ApplicationRow[]> {
  const rows = await byIdHashQuery(db, idHash, procedure, states);
  return rows.map(fromDb);
}

/** Applications of this person and procedure still in progress (draft … sent), newest first. */
export function findOpenByIdHash(db: Db, idHash: string, procedure: Procedure): Promise<ApplicationRow[]> {
  return byIdHash(db, idHash, procedure, openStates);
}

/** Approved applications of this person and procedure, newest first. */
export function findApprovedByIdHash(db: Db, idHash: string, procedure: Procedure): Promise<ApplicationRow[]> {
  return byIdHash(db, idHash, procedure, ['approved']);
}

/** Every application of one person (every procedure and state), newest first; purged rows have no hash. */
export async function findByIdHash(db: Db, idHash: string): Promise<ApplicationRow[]> {
  const rows = await applicationsBy(db, 'applications_id_hash').where('id_hash', idHash).orderBy(newestFirst());
  return rows.map(fromDb);
}

/** Applications whose stored phone hash matches (every procedure and state), newest first. */
export async function findByPhoneHash(db: Db, phoneHash: string): Promise<ApplicationRow[]> {
  const rows = await applicationsBy(db, 'applications_phone_hash').where('phone_hash', phoneHash).orderBy(newestFirst());
  return rows.map(fromDb);
}

/** One row that still has encrypted data: lets the key check prove a key against real data. */
export async function findOneWithPersonal(db: Db): Promise<{ id: string; personal: Buffer } | null> {
  const row: SqlRow | undefined = await applications(db).select('id', 'personal').whereNotNull('personal').first();
  const id = row?.['id'];
  const personal = row?.['personal'];
  return typeof id === 'string' && Buffer.isBuffer(personal) ? { id, personal } : null;
}

/**
 * The journal, newest first, by keyset pagination on (created_at, id): a page costs the same at
 * every depth, and rows inserted meanwhile neither repeat nor shift the pages after the cursor.
 * Indexes (migration 0002) serve the range alone and the range with one of procedure / state /
 * clerk in order; further filters are applied to that walk. With a person (idHash) the person's
 * few rows are fetched by their index and sorted.
 */
export async function listJournal(db: Db, filter: JournalFilter): Promise<JournalPage> {
  const { limit } = filter;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);

  // A person or a number: their few rows by their own index, then sorted.
  const table =
    filter.journalNo !== undefined
      ? applicationsBy(db, 'applications_journal_no')
      : filter.idHash === undefined
        ? applications(db)
        : applicationsBy(db, 'applications_id_hash');
  const query = table.select('*').where('created_at', '>=', filter.from);
  // Only the tighter upper bound is written: SQLite bounds the index range by one of them and
  // would apply the other as a filter, re-walking every earlier page. A row value is what it can
  // use as an index bound (an OR of two terms is not); when the cursor is not below `to`,
  // `created_at < to` already implies it.
  const { cursor } = filter;
  if (cursor !== undefined && cursor.createdAt < filter.to) query.whereRaw('(created_at, id) < (?, ?)', [cursor.createdAt, cursor.id]);
  else query.where('created_at', '<', filter.to);
  if (filter.procedure !== undefined) query.where('procedure', filter.procedure);
  if (filter.state !== undefined) query.where('state', filter.state);
  if (filter.clerkId !== undefined) query.where('clerk_id', filter.clerkId);
  if (filter.idHash !== undefined) query.where('id_hash', filter.idHash);
  if (filter.journalNo !== undefined) query.where('journal_no', filter.journalNo);
  // One extra row says whether an older page exists without a count(*).
  const rows = await query.orderBy(newestFirst()).limit(limit + 1);

  const page = rows.slice(0, limit).map(fromDb);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** Whether this desk has numbered any application (its workstation number is then in printed numbers). */
export async function hasApplications(db: Db): Promise<boolean> {
  return (await applications(db).select('id').first()) !== undefined;
}
