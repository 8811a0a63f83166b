/**
 * The sync outbox: one row per signed application until the registry has accepted or rejected
 * it. Rows are never deleted (DESIGN §5: never drop an item); `sent` and `rejected` are final.
 * Every update below only touches `pending` rows, so a late answer for an item that was already
 * settled cannot reopen or overwrite it.
 */
import type { Db } from '../types';

export const outboxStates = ['pending', 'sent', 'rejected'] as const;
export type OutboxState = (typeof outboxStates)[number];

/**
 * What central-api 1.1 adds to a submission (the printed number, who took it), fixed at signing:
 * a re-sent submission must be the same body (same id, another body is a 409), so a clerk renamed
 * meanwhile does not change it. null for items queued before issue 14: sent as they were then.
 */
export interface DeskFields {
  journalNo: string;
  clerkLogin?: string;
  clerkName?: string;
}

export interface OutboxItem {
  applicationId: string;
  enqueuedAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastAttemptAt: string | null;
  state: OutboxState;
  deskFields: DeskFields | null;
}

export interface FailedAttempt {
  at: string;
  /** Short, non-personal (a status code, an error code): shown to the clerk as "last error". */
  error: string;
  nextAttemptAt: string;
}

interface OutboxDbRow {
  application_id: string;
  enqueued_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  last_attempt_at: string | null;
  state: string;
  desk_fields: string | null;
}

function deskFieldsOf(json: string | null): DeskFields | null {
  if (json === null) return null;
  const v: unknown = JSON.parse(json);
  if (typeof v !== 'object' || v === null || !('journalNo' in v) || typeof v.journalNo !== 'string') return null;
  const text = (key: string): string | undefined => {
    const x: unknown = (v as Record<string, unknown>)[key];
    return typeof x === 'string' ? x : undefined;
  };
  const clerkLogin = text('clerkLogin');
  const clerkName = text('clerkName');
  return {
    journalNo: v.journalNo,
    ...(clerkLogin !== undefined && { clerkLogin }),
    ...(clerkName !== undefined && { clerkName }),
  };
}

function isOutboxState(value: string): value is OutboxState {
  return (outboxStates as readonly string[]).includes(value);
}

// The one place where this table's snake_case meets camelCase (writes below name their columns).
function fromDb(row: OutboxDbRow): OutboxItem {
  const state = row.state;
  // The CHECK constraint makes this unreachable unless the file was edited by hand.
  if (!isOutboxState(state)) throw new Error(`outbox.state has an unknown value for ${row.application_id}`);
  return {
    applicationId: row.application_id,
    enqueuedAt: row.enqueued_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
    state,
    deskFields: deskFieldsOf(row.desk_fields),
  };
}

const outbox = (db: Db) => db<OutboxDbRow>('outbox');
const pending = (db: Db, applicationId: string) => outbox(db).where({ application_id: applicationId, state: 'pending' });

/** Due at once. Throws a UNIQUE violation if the application is already in the outbox. */
export async function enqueue(db: Db, applicationId: string, at: string, deskFields: DeskFields | null = null): Promise<OutboxItem> {
  const row: OutboxDbRow = {
    application_id: applicationId,
    enqueued_at: at,
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    last_attempt_at: null,
    state: 'pending',
    desk_fields: deskFields === null ? null : JSON.stringify(deskFields),
  };
  await outbox(db).insert(row);
  return fromDb(row);
}

export async function findOutboxItem(db: Db, applicationId: string): Promise<OutboxItem | null> {
  const row = await outbox(db).where('application_id', applicationId).first();
  return row ? fromDb(row) : null;
}

/** Where a page of `pendingBatch` ended: the next page starts after this item (sending order). */
export type OutboxCursor = { enqueuedAt: string; applicationId: string };

/**
 * Pending items due by `now`, oldest enqueued first (the registry sees them in signing order).
 * `after`: only items after this one in that order — the drain pages through the outbox with it, a
 * range scan of `outbox_sending` per page.
 */
export async function pendingBatch(db: Db, now: string, limit: number, after: OutboxCursor | null = null): Promise<OutboxItem[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const rows = await outbox(db)
    .where('state', 'pending')
    .andWhere('next_attempt_at', '<=', now)
    .modify((q) => {
      if (after !== null) void q.andWhereRaw('(enqueued_at, application_id) > (?, ?)', [after.enqueuedAt, after.applicationId]);
    })
    .orderBy([
      { column: 'enqueued_at', order: 'asc' },
      { column: 'application_id', order: 'asc' },
    ])
    .limit(limit);
  return rows.map(fromDb);
}

/** True when a pending item was settled; false when it was missing or already settled. */
export async function markSent(db: Db, applicationId: string, at: string): Promise<boolean> {
  const changed = await pending(db, applicationId).update({
    state: 'sent',
    attempts: db.raw('attempts + 1'),
    last_attempt_at: at,
    last_error: null,
  });
  return changed > 0;
}

/** The registry refused the item itself (4xx): final, the problems go on the application row. */
export async function markRejected(db: Db, applicationId: string, attempt: { at: string; error: string }): Promise<boolean> {
  const changed = await pending(db, applicationId).update({
    state: 'rejected',
    attempts: db.raw('attempts + 1'),
    last_attempt_at: attempt.at,
    last_error: attempt.error,
  });
  return changed > 0;
}

/** A failed attempt that will be retried at `nextAttemptAt` (the caller computes the backoff). */
export async function recordFailure(db: Db, applicationId: string, attempt: FailedAttempt): Promise<boolean> {
  const changed = await pending(db, applicationId).update({
    attempts: db.raw('attempts + 1'),
    last_attempt_at: attempt.at,
    last_error: attempt.error,
    next_attempt_at: attempt.nextAttemptAt,
  });
  return changed > 0;
}

export async function countPending(db: Db): Promise<number> {
  const row = await outbox(db).where('state', 'pending').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** The longest-waiting pending item (for "oldest waiting since …"), or null when none waits. */
export async function oldestPending(db: Db): Promise<OutboxItem | null> {
  const row = await outbox(db)
    .where('state', 'pending')
    .orderBy([
      { column: 'enqueued_at', order: 'asc' },
      { column: 'application_id', order: 'asc' },
    ])
    .first();
  return row ? fromDb(row) : null;
}

/** When the next pending item falls due (null: nothing pending). */
export async function nextDueAt(db: Db): Promise<string | null> {
  const row = (await outbox(db).where('state', 'pending').min({ at: 'next_attempt_at' }).first()) as { at: string | null } | undefined;
  return row?.at ?? null;
}

/** «Отправить сейчас»: every pending item is due at `now`, whatever its backoff said. */
export async function makeAllDue(db: Db, now: string): Promise<number> {
  return outbox(db).where('state', 'pending').andWhere('next_attempt_at', '>', now).update({ next_attempt_at: now });
}

export interface QueueRow {
  applicationId: string;
  journalNo: string;
  procedure: string;
  state: string;
  clerkId: string;
  signedAt: string | null;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}

/** Applications not decided yet: waiting to be sent, or sent and waiting for the decision; oldest first. */
export async function listUndecided(db: Db, limit: number): Promise<QueueRow[]> {
  const rows: {
    application_id: string;
    journal_no: string;
    procedure: string;
    state: string;
    clerk_id: string;
    signed_at: string | null;
    attempts: number;
    last_error: string | null;
    last_attempt_at: string | null;
    next_attempt_at: string;
    outbox_state: string;
  }[] = await db('outbox as o')
    .join('applications as a', 'a.id', 'o.application_id')
    .whereIn('a.state', ['queued', 'sent'])
    .orderBy([
      { column: 'o.enqueued_at', order: 'asc' },
      { column: 'o.application_id', order: 'asc' },
    ])
    .limit(limit)
    .select(
      'o.application_id',
      'a.journal_no',
      'a.procedure',
      'a.state',
      'a.clerk_id',
      'a.signed_at',
      'o.attempts',
      'o.last_error',
      'o.last_attempt_at',
      'o.next_attempt_at',
      'o.state as outbox_state',
    );
  return rows.map((r) => ({
    applicationId: r.application_id,
    journalNo: r.journal_no,
    procedure: r.procedure,
    state: r.state,
    clerkId: r.clerk_id,
    signedAt: r.signed_at,
    attempts: r.attempts,
    lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at,
    nextAttemptAt: r.outbox_state === 'pending' ? r.next_attempt_at : null,
  }));
}

/** Applications the registry accepted and has not decided yet. */
export async function countAwaitingDecision(db: Db): Promise<number> {
  const row = await db('applications').where('state', 'sent').count({ n: '*' }).first();
  return Number((row as { n?: number } | undefined)?.n ?? 0);
}

/** `markSent` for many items in one UPDATE per chunk; returns the ids that were pending. */
export async function markSentMany(db: Db, applicationIds: readonly string[], at: string): Promise<string[]> {
  const settled: string[] = [];
  for (let i = 0; i < applicationIds.length; i += 500) {
    const rows: unknown = await outbox(db)
      .whereIn('application_id', applicationIds.slice(i, i + 500))
      .andWhere('state', 'pending')
      .update(
        {
          state: 'sent',
          attempts: db.raw('attempts + 1'),
          last_attempt_at: at,
          last_error: null,
        },
        ['application_id'],
      );
    if (Array.isArray(rows)) for (const r of rows as { application_id: string }[]) settled.push(r.application_id);
  }
  return settled;
}

/** A purge drops the registry's error texts too: a rejection's problem details may echo submitted values. */
export async function clearOutboxErrors(db: Db, applicationIds: readonly string[]): Promise<void> {
  for (let i = 0; i < applicationIds.length; i += 500) {
    await db('outbox')
      .whereIn('application_id', applicationIds.slice(i, i + 500))
      .whereNotNull('last_error')
      .update({ last_error: null });
  }
}
