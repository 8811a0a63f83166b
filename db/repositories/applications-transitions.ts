/** State transitions: one guarded UPDATE per move, so two clerks cannot both move the same row. */
import type { Db } from '../types';
import type { ApplicationState } from '../../preload/contract/applications';
import {
  fromDb,
  isDbRow,
  toDb,
  INSERT_CHUNK_ROWS,
  type ApplicationDbRow,
  type ApplicationPatch,
  type ApplicationRow,
} from './applications-row';

export interface TransitionRequest {
  /** The states the caller believes the row is in; anything else makes the transition a no-op. */
  from: readonly ApplicationState[];
  to: ApplicationState;
  at: string;
  patch?: ApplicationPatch;
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

/** A registry decision for one application `sent` (main/sync/decisions.ts). */
export interface DecidedMove {
  id: string;
  to: 'approved' | 'refused';
  /** Set only when given: none of these is ever cleared by a decision. */
  refusalReasons?: string[];
  temporaryPasswordSent?: boolean;
  personal?: Buffer;
}

/** Rows per UPDATE: 5 values each, far under SQLite's bound-variable limit. */
const DECIDED_CHUNK = 500;

/**
 * A page of decisions in one guarded UPDATE … FROM (VALUES …) per chunk, instead of one UPDATE
 * per application: only rows still `sent` move (the same guard as `transitionApplication`), each
 * stamped with `decided_at`, `updated_at` and a version bump. Returns the ids that moved. Ids must
 * be distinct (with two values for one row SQLite would pick either).
 */
export async function decideMany(db: Db, moves: readonly DecidedMove[], at: string): Promise<Set<string>> {
  const moved = new Set<string>();
  if (new Set(moves.map((m) => m.id)).size !== moves.length) throw new Error('decideMany: an application is decided twice');
  for (let i = 0; i < moves.length; i += DECIDED_CHUNK) {
    const chunk = moves.slice(i, i + DECIDED_CHUNK);
    const values = chunk.map(() => '(?, ?, ?, ?, ?)').join(', ');
    const bindings = chunk.flatMap((m) => [
      m.id,
      m.to,
      m.personal ?? null,
      m.refusalReasons === undefined ? null : JSON.stringify(m.refusalReasons),
      m.temporaryPasswordSent === undefined ? null : m.temporaryPasswordSent ? 1 : 0,
    ]);
    // null in a value means "not given": the column keeps what it has (coalesce).
    const rows: unknown = await db.raw(
      `UPDATE applications SET
         state = v.column2, updated_at = ?, decided_at = ?,
         personal = coalesce(v.column3, applications.personal),
         refusal_reasons = coalesce(v.column4, applications.refusal_reasons),
         temporary_password_sent = coalesce(v.column5, applications.temporary_password_sent),
         version = applications.version + 1
       FROM (VALUES ${values}) AS v
       WHERE applications.id = v.column1 AND applications.state = 'sent'
       RETURNING applications.id AS id`,
      [at, at, ...bindings],
    );
    if (Array.isArray(rows)) for (const r of rows as { id: string }[]) moved.add(r.id);
  }
  return moved;
}
