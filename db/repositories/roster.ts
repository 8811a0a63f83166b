/**
 * The desk's side of the office roster (migration 0011): the registry version of each account,
 * the queue of local changes to push (one row per account), and the lost changes (conflicts)
 * shown to the administrator. Every counter here is changed in single statements (no
 * read-modify-write across an await).
 */
import type { Db } from '../types';

export interface RosterVersion {
  clerkId: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface RosterOutboxItem {
  clerkId: string;
  baseVersion: number;
  /** How many local changes this row stands for; a push settles only the count it read. */
  changes: number;
  actorLogin: string | null;
  enqueuedAt: string;
  attempts: number;
  lastError: string | null;
}

export interface RosterConflict {
  id: string;
  clerkId: string;
  login: string;
  at: string;
  /** Names of the fields of this desk's change that were not kept. */
  lost: string[];
  winnerVersion: number;
  winnerBy: string | null;
}

interface OutboxDbRow {
  clerk_id: string;
  base_version: number;
  changes: number;
  actor_login: string | null;
  enqueued_at: string;
  attempts: number;
  last_error: string | null;
}

interface ConflictDbRow {
  id: string;
  clerk_id: string;
  login: string;
  at: string;
  lost: string;
  winner_version: number;
  winner_by: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

const fromOutbox = (r: OutboxDbRow): RosterOutboxItem => ({
  clerkId: r.clerk_id,
  baseVersion: r.base_version,
  changes: r.changes,
  actorLogin: r.actor_login,
  enqueuedAt: r.enqueued_at,
  attempts: r.attempts,
  lastError: r.last_error,
});

const fromConflict = (r: ConflictDbRow): RosterConflict => {
  const lost: unknown = JSON.parse(r.lost);
  return {
    id: r.id,
    clerkId: r.clerk_id,
    login: r.login,
    at: r.at,
    lost: Array.isArray(lost) ? lost.filter((x): x is string => typeof x === 'string') : [],
    winnerVersion: r.winner_version,
    winnerBy: r.winner_by,
  };
};

/**
 * Queues the account as it is now. A second change before the push joins the first (same base
 * version: both were made on it), so the registry sees one change and no false conflict.
 */
export async function enqueueRosterChange(db: Db, clerkId: string, actorLogin: string | null, at: string): Promise<void> {
  await db.raw(
    `INSERT INTO roster_outbox (clerk_id, base_version, changes, actor_login, enqueued_at, attempts)
     VALUES (?, COALESCE((SELECT version FROM roster_versions WHERE clerk_id = ?), 0), 1, ?, ?, 0)
     ON CONFLICT (clerk_id) DO UPDATE SET changes = changes + 1, actor_login = excluded.actor_login, attempts = 0`,
    [clerkId, clerkId, actorLogin, at],
  );
}

export async function pendingRosterChanges(db: Db, limit = 100): Promise<RosterOutboxItem[]> {
  const rows = await db<OutboxDbRow>('roster_outbox').select('*').orderBy('enqueued_at').limit(limit);
  return rows.map(fromOutbox);
}

export async function countRosterPending(db: Db): Promise<number> {
  const row = await db('roster_outbox').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function findRosterOutbox(db: Db, clerkId: string): Promise<RosterOutboxItem | null> {
  const row = await db<OutboxDbRow>('roster_outbox').where('clerk_id', clerkId).first();
  return row ? fromOutbox(row) : null;
}

export async function rosterVersionOf(db: Db, clerkId: string): Promise<RosterVersion | null> {
  const row = await db<{ clerk_id: string; version: number; updated_at: string; updated_by: string | null }>('roster_versions')
    .where('clerk_id', clerkId)
    .first();
  return row ? { clerkId: row.clerk_id, version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by } : null;
}

export async function writeRosterVersion(db: Db, v: RosterVersion): Promise<void> {
  await db('roster_versions')
    .insert({ clerk_id: v.clerkId, version: v.version, updated_at: v.updatedAt, updated_by: v.updatedBy })
    .onConflict('clerk_id')
    .merge(['version', 'updated_at', 'updated_by']);
}

/**
 * The registry accepted the push of `changes` local changes at `version`. A change made while
 * the push was on the wire stays queued, now based on the version that includes the pushed one.
 */
export async function settleRosterPush(db: Db, clerkId: string, changes: number, version: number): Promise<'done' | 'more'> {
  const deleted = await db('roster_outbox').where({ clerk_id: clerkId, changes }).delete();
  if (deleted > 0) return 'done';
  await db('roster_outbox')
    .where('clerk_id', clerkId)
    .update({ base_version: version, changes: db.raw('changes - ?', [changes]), attempts: 0, last_error: null });
  return 'more';
}

/** The local change lost to the registry's entry: whatever was queued is dropped. */
export async function dropRosterChange(db: Db, clerkId: string): Promise<void> {
  await db('roster_outbox').where('clerk_id', clerkId).delete();
}

export async function markRosterPushFailed(db: Db, clerkId: string, error: string): Promise<void> {
  await db('roster_outbox')
    .where('clerk_id', clerkId)
    .update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 300) });
}

export async function insertRosterConflict(db: Db, c: RosterConflict): Promise<void> {
  await db('roster_conflicts').insert({
    id: c.id,
    clerk_id: c.clerkId,
    login: c.login,
    at: c.at,
    lost: JSON.stringify(c.lost),
    winner_version: c.winnerVersion,
    winner_by: c.winnerBy,
  });
}

/** Conflicts the administrator has not acknowledged yet, newest first. */
export async function openRosterConflicts(db: Db): Promise<RosterConflict[]> {
  const rows = await db<ConflictDbRow>('roster_conflicts').whereNull('acknowledged_at').orderBy('at', 'desc').limit(200);
  return rows.map(fromConflict);
}

export async function acknowledgeRosterConflict(db: Db, id: string, by: string, at: string): Promise<boolean> {
  const n = await db('roster_conflicts').where('id', id).whereNull('acknowledged_at').update({ acknowledged_at: at, acknowledged_by: by });
  return n > 0;
}
