/**
 * Applications and the per-office journal counters.
 *
 * `personal` is ciphertext (db/crypto.ts, AAD = the application id): this module never sees a
 * name, document or phone in clear. Lookups go through keyed hashes (`idHash`, `phoneHash`), and
 * lists show `idMasked`. Encrypting, hashing and masking are the caller's job, so the repository
 * cannot be the place where clear personal data leaks into the file.
 */
import type { Db, SqlRow } from '../types';

// The vocabulary is the contract's: one list of procedures and states for every layer.
export { procedures, applicationStates, openStates } from '../../preload/contract/applications';
export type { Procedure, ApplicationState } from '../../preload/contract/applications';
import { applicationStates, openStates, procedures, type ApplicationState, type Procedure } from '../../preload/contract/applications';

export const phoneConfirmations = ['none', 'sms_code', 'deferred'] as const;
export type PhoneConfirmation = (typeof phoneConfirmations)[number];

export interface ApplicationRow {
  id: string;
  officeCode: string;
  journalYear: number;
  journalSeq: number;
  /** '2026/000123': unique per office. */
  journalNo: string;
  procedure: Procedure;
  state: ApplicationState;
  clerkId: string;
  workstationId: string;
  /** ISO UTC instants (`toISOString()`), one per transition. */
  createdAt: string;
  printedAt: string | null;
  signedAt: string | null;
  sentAt: string | null;
  decidedAt: string | null;
  cancelledAt: string | null;
  rejectedAt: string | null;
  updatedAt: string;
  /** Hex HMAC of the identification number (FieldCipher.hash('id', …)); null once purged. */
  idHash: string | null;
  /** Hex HMAC of the phone (for change_phone: the new phone). */
  phoneHash: string | null;
  /** '3**********PB5' (maskIdNumber: no birth-date character): shown in lists without decrypting; '' once purged. */
  idMasked: string;
  /** Encrypted personal data; null once purged by retention. */
  personal: Buffer | null;
  purgedAt: string | null;
  phoneConfirmation: PhoneConfirmation;
  /** Registry refusal codes such as 'PHONE_IN_USE' (not personal data). */
  refusalReasons: string[] | null;
  /** The registry's problem details for a rejected submission. */
  rejectionProblems: unknown[] | null;
  temporaryPasswordSent: boolean | null;
  /** 1 on insert, +1 on every update: lets a screen detect that a row changed under it. */
  version: number;
}

export type NewApplication = Omit<ApplicationRow, 'version'>;

/** What a transition may change besides the state, its timestamp, updatedAt and version. */
export type ApplicationPatch = Partial<
  Pick<
    ApplicationRow,
    'idHash' | 'phoneHash' | 'idMasked' | 'phoneConfirmation' | 'refusalReasons' | 'rejectionProblems' | 'temporaryPasswordSent'
  > & { personal: Buffer }
>;

export interface TransitionRequest {
  /** The states the caller believes the row is in; anything else makes the transition a no-op. */
  from: readonly ApplicationState[];
  to: ApplicationState;
  at: string;
  patch?: ApplicationPatch;
}

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
  /** The last row of the previous page: the page continues strictly after (older than) it. */
  cursor?: JournalCursor;
  limit: number;
}

export interface JournalPage {
  rows: ApplicationRow[];
  /** Pass as `cursor` for the next (older) page; null when this was the last page. */
  nextCursor: JournalCursor | null;
}

interface ApplicationDbRow {
  id: string;
  office_code: string;
  journal_year: number;
  journal_seq: number;
  journal_no: string;
  procedure: string;
  state: string;
  clerk_id: string;
  workstation_id: string;
  created_at: string;
  printed_at: string | null;
  signed_at: string | null;
  sent_at: string | null;
  decided_at: string | null;
  cancelled_at: string | null;
  rejected_at: string | null;
  updated_at: string;
  id_hash: string | null;
  phone_hash: string | null;
  id_masked: string;
  personal: Buffer | null;
  purged_at: string | null;
  phone_confirmation: string;
  refusal_reasons: string | null;
  rejection_problems: string | null;
  temporary_password_sent: number | null;
  version: number;
}

interface CounterDbRow {
  office_code: string;
  year: number;
  last_seq: number;
}

/** The column each target state stamps with the transition time (draft has none). */
const stampColumn: Record<ApplicationState, keyof ApplicationDbRow | null> = {
  draft: null,
  awaiting_signature: 'printed_at',
  queued: 'signed_at',
  sent: 'sent_at',
  approved: 'decided_at',
  refused: 'decided_at',
  cancelled: 'cancelled_at',
  rejected: 'rejected_at',
};

// The one place where this table's camelCase meets snake_case: toDb and fromDb below.
function toDb(values: Partial<ApplicationRow>): Partial<ApplicationDbRow> {
  const out: Partial<ApplicationDbRow> = {};
  if (values.id !== undefined) out.id = values.id;
  if (values.officeCode !== undefined) out.office_code = values.officeCode;
  if (values.journalYear !== undefined) out.journal_year = values.journalYear;
  if (values.journalSeq !== undefined) out.journal_seq = values.journalSeq;
  if (values.journalNo !== undefined) out.journal_no = values.journalNo;
  if (values.procedure !== undefined) out.procedure = values.procedure;
  if (values.state !== undefined) out.state = values.state;
  if (values.clerkId !== undefined) out.clerk_id = values.clerkId;
  if (values.workstationId !== undefined) out.workstation_id = values.workstationId;
  if (values.createdAt !== undefined) out.created_at = values.createdAt;
  if (values.printedAt !== undefined) out.printed_at = values.printedAt;
  if (values.signedAt !== undefined) out.signed_at = values.signedAt;
  if (values.sentAt !== undefined) out.sent_at = values.sentAt;
  if (values.decidedAt !== undefined) out.decided_at = values.decidedAt;
  if (values.cancelledAt !== undefined) out.cancelled_at = values.cancelledAt;
  if (values.rejectedAt !== undefined) out.rejected_at = values.rejectedAt;
  if (values.updatedAt !== undefined) out.updated_at = values.updatedAt;
  if (values.idHash !== undefined) out.id_hash = values.idHash;
  if (values.phoneHash !== undefined) out.phone_hash = values.phoneHash;
  if (values.idMasked !== undefined) out.id_masked = values.idMasked;
  if (values.personal !== undefined) out.personal = values.personal;
  if (values.purgedAt !== undefined) out.purged_at = values.purgedAt;
  if (values.phoneConfirmation !== undefined) out.phone_confirmation = values.phoneConfirmation;
  if (values.refusalReasons !== undefined) out.refusal_reasons = jsonOrNull(values.refusalReasons);
  if (values.rejectionProblems !== undefined) out.rejection_problems = jsonOrNull(values.rejectionProblems);
  if (values.temporaryPasswordSent !== undefined) {
    out.temporary_password_sent = values.temporaryPasswordSent === null ? null : values.temporaryPasswordSent ? 1 : 0;
  }
  if (values.version !== undefined) out.version = values.version;
  return out;
}

function fromDb(row: ApplicationDbRow): ApplicationRow {
  // The CHECK constraints make these unreachable unless the file was edited by hand.
  if (!isOneOf(procedures, row.procedure)) throw new Error(`applications.procedure has an unknown value in ${row.id}`);
  if (!isOneOf(applicationStates, row.state)) throw new Error(`applications.state has an unknown value in ${row.id}`);
  if (!isOneOf(phoneConfirmations, row.phone_confirmation)) throw new Error(`applications.phone_confirmation is unknown in ${row.id}`);
  return {
    id: row.id,
    officeCode: row.office_code,
    journalYear: row.journal_year,
    journalSeq: row.journal_seq,
    journalNo: row.journal_no,
    procedure: row.procedure,
    state: row.state,
    clerkId: row.clerk_id,
    workstationId: row.workstation_id,
    createdAt: row.created_at,
    printedAt: row.printed_at,
    signedAt: row.signed_at,
    sentAt: row.sent_at,
    decidedAt: row.decided_at,
    cancelledAt: row.cancelled_at,
    rejectedAt: row.rejected_at,
    updatedAt: row.updated_at,
    idHash: row.id_hash,
    phoneHash: row.phone_hash,
    idMasked: row.id_masked,
    personal: row.personal,
    purgedAt: row.purged_at,
    phoneConfirmation: row.phone_confirmation,
    refusalReasons: parseArray(row.refusal_reasons, row.id)?.map(String) ?? null,
    rejectionProblems: parseArray(row.rejection_problems, row.id),
    temporaryPasswordSent: row.temporary_password_sent === null ? null : row.temporary_password_sent === 1,
    version: row.version,
  };
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function jsonOrNull(value: readonly unknown[] | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function parseArray(text: string | null, id: string): unknown[] | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error(`applications: a JSON column of ${id} is not an array`);
  return value;
}

const applications = (db: Db) => db<ApplicationDbRow>('applications');

/**
 * Person and phone lookups name their index. Without ANALYZE statistics SQLite rates
 * `procedure = ?` as selective as `id_hash = ?`, and with an ORDER BY it prefers the index that
 * yields the order: it would walk every 'issue' row (hundreds of thousands) to find one person.
 */
const applicationsBy = (db: Db, index: 'applications_id_hash' | 'applications_phone_hash') =>
  db<ApplicationDbRow>(db.raw(`applications INDEXED BY ${index}`));

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

export async function insertApplication(db: Db, row: NewApplication): Promise<ApplicationRow> {
  const full: ApplicationRow = { ...row, version: 1 };
  await applications(db).insert(toDb(full));
  return full;
}

/** knex writes a multi-row INSERT for SQLite as a compound SELECT, which SQLite caps at 500 terms. */
export const INSERT_CHUNK_ROWS = 500;

/** Bulk insert (imports, benchmark data) in chunks of ≤ 500 rows, all in one transaction. */
export async function insertApplications(db: Db, rows: readonly NewApplication[]): Promise<void> {
  if (!db.isTransaction) return db.transaction((trx) => insertApplications(trx, rows));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
    await applications(db).insert(rows.slice(i, i + INSERT_CHUNK_ROWS).map((row) => toDb({ ...row, version: 1 })));
  }
}

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

/**
 * `transitionApplication` for many rows with no patch, in one guarded UPDATE per chunk: returns
 * the ids and journal numbers of the rows that moved (those not in `from` are left alone).
 */
export async function transitionMany(
  db: Db,
  ids: readonly string[],
  request: Omit<TransitionRequest, 'patch'>,
): Promise<{ id: string; journalNo: string }[]> {
  const { from, to, at } = request;
  if (from.length === 0 || ids.length === 0) return [];
  const stamp = stampColumn[to];
  const moved: { id: string; journalNo: string }[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK_ROWS) {
    const rows: unknown = await db('applications')
      .whereIn('id', ids.slice(i, i + INSERT_CHUNK_ROWS))
      .whereIn('state', [...from])
      .update({ state: to, updated_at: at, ...(stamp ? { [stamp]: at } : {}), version: db.raw('version + 1') }, ['id', 'journal_no']);
    if (Array.isArray(rows))
      for (const r of rows as { id: string; journal_no: string }[]) moved.push({ id: r.id, journalNo: r.journal_no });
  }
  return moved;
}

/**
 * Moves an application from one of `from` to `to` with one guarded UPDATE, stamping the column
 * that belongs to `to`, `updated_at`, and bumping `version`. Returns the row as updated, or null
 * when the row is missing or no longer in one of `from` (someone else got there first): nothing
 * is changed then, and the caller reports a conflict instead of overwriting.
 */
export async function transitionApplication(db: Db, id: string, request: TransitionRequest): Promise<ApplicationRow | null> {
  const { from, to, at, patch } = request;
  if (from.length === 0) return null;
  const stamp = stampColumn[to];
  const values = {
    ...toDb(patch ?? {}),
    state: to,
    updated_at: at,
    ...(stamp ? { [stamp]: at } : {}),
    version: db.raw('version + 1'),
  };
  const rows: unknown = await db('applications')
    .where('id', id)
    .whereIn('state', [...from])
    .update(values, '*');
  const row: unknown = Array.isArray(rows) ? rows[0] : undefined;
  return isDbRow(row) ? fromDb(row) : null;
}

/** RETURNING rows come back untyped; the id and state are enough to know it is an application row. */
function isDbRow(value: unknown): value is ApplicationDbRow {
  return typeof value === 'object' && value !== null && 'id' in value && 'state' in value && 'journal_no' in value;
}

async function byIdHash(db: Db, idHash: string, procedure: Procedure, states: readonly ApplicationState[]): Promise<ApplicationRow[]> {
  const rows = await applicationsBy(db, 'applications_id_hash')
    .where({ id_hash: idHash, procedure })
    .whereIn('state', [...states])
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
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
  const rows = await applicationsBy(db, 'applications_id_hash')
    .where('id_hash', idHash)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  return rows.map(fromDb);
}

/** States in which the registry has nothing more to do with an application: its personal data may go. */
export const closedStates = ['approved', 'refused', 'cancelled', 'rejected'] as const satisfies readonly ApplicationState[];

/** What a purge leaves of an application: the journal facts, nothing that leads to the person. */
const purgedValues = (db: Db, at: string) => ({
  personal: null,
  purged_at: at,
  id_hash: null,
  phone_hash: null,
  id_masked: '',
  // The registry's problem details may echo submitted values.
  rejection_problems: null,
  updated_at: at,
  version: db.raw('version + 1'),
});

export interface PurgedApplication {
  id: string;
  journalNo: string;
  state: ApplicationState;
}

function purgedRows(result: unknown): PurgedApplication[] {
  if (!Array.isArray(result)) return [];
  return (result as { id: string; journal_no: string; state: ApplicationState }[]).map((r) => ({
    id: r.id,
    journalNo: r.journal_no,
    state: r.state,
  }));
}

/**
 * Purges every closed application closed (decided, cancelled, rejected) before `cutoff`, in one
 * UPDATE over the small partial index of rows that still hold data (migration 0005).
 */
export async function purgeClosedBefore(db: Db, cutoff: string, at: string): Promise<PurgedApplication[]> {
  // Named: without statistics SQLite prefers the state index and walks every closed row of the journal.
  const result: unknown = await db(db.raw('applications INDEXED BY applications_holding'))
    .whereNotNull('personal')
    .whereRaw('coalesce(decided_at, cancelled_at, rejected_at) < ?', [cutoff])
    .whereIn('state', [...closedStates])
    .update(purgedValues(db, at), ['id', 'journal_no', 'state']);
  return purgedRows(result);
}

/** Purges these applications if they are closed and still hold data; others are left as they are. */
export async function purgeApplications(db: Db, ids: readonly string[], at: string): Promise<PurgedApplication[]> {
  const out: PurgedApplication[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK_ROWS) {
    const result: unknown = await db('applications')
      .whereIn('id', ids.slice(i, i + INSERT_CHUNK_ROWS))
      .whereNotNull('personal')
      .whereIn('state', [...closedStates])
      .update(purgedValues(db, at), ['id', 'journal_no', 'state']);
    out.push(...purgedRows(result));
  }
  return out;
}

/** Rows still holding personal data, and all rows (the journal counts purged ones too). */
export async function countHolding(db: Db): Promise<{ holding: number; total: number }> {
  const [holding] = await db('applications').whereNotNull('personal').count({ n: '*' });
  const [total] = await db('applications').count({ n: '*' });
  return { holding: Number(holding?.['n'] ?? 0), total: Number(total?.['n'] ?? 0) };
}

/** Applications whose stored phone hash matches (every procedure and state), newest first. */
export async function findByPhoneHash(db: Db, phoneHash: string): Promise<ApplicationRow[]> {
  const rows = await applicationsBy(db, 'applications_phone_hash')
    .where('phone_hash', phoneHash)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
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

  const table = filter.idHash === undefined ? applications(db) : applicationsBy(db, 'applications_id_hash');
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
  // One extra row says whether an older page exists without a count(*).
  const rows = await query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1);

  const page = rows.slice(0, limit).map(fromDb);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}
