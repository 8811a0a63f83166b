/**
 * One wrong password counted in one statement: read, increment, lock and clear an expired lock
 * happen inside SQLite, so concurrent wrong passwords each count (a read before an `await` and a
 * write after it would let them overwrite each other and never lock). An account that is locked
 * when the statement runs is not touched: the caller learns it is locked.
 */
import type { Db } from '../types';

export type CountedFailure = { counted: true; attempt: number; locked: boolean; lockedUntil: string | null } | { counted: false };

export async function countFailedPassword(
  db: Db,
  clerkId: string,
  at: { now: string; lockUntil: string; maxAttempts: number },
): Promise<CountedFailure> {
  // An expired lock starts the count afresh (the attempts were reset to 0 when it was set).
  const attempt = `(CASE WHEN locked_until IS NULL THEN failed_attempts ELSE 0 END) + 1`;
  const result: unknown = await db.raw(
    `UPDATE clerks SET
       failed_attempts = CASE WHEN ${attempt} >= ? THEN 0 ELSE ${attempt} END,
       locked_until = CASE WHEN ${attempt} >= ? THEN ? ELSE NULL END,
       updated_at = ?
     WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)
     RETURNING failed_attempts AS attempts, locked_until AS lockedUntil`,
    [at.maxAttempts, at.maxAttempts, at.lockUntil, at.now, clerkId, at.now],
  );
  const row: unknown = Array.isArray(result) ? result[0] : undefined;
  if (typeof row !== 'object' || row === null) return { counted: false };
  const lockedUntil = 'lockedUntil' in row && typeof row.lockedUntil === 'string' ? row.lockedUntil : null;
  const attempts = 'attempts' in row ? Number(row.attempts) : 0;
  return lockedUntil !== null
    ? { counted: true, attempt: at.maxAttempts, locked: true, lockedUntil }
    : { counted: true, attempt: attempts, locked: false, lockedUntil: null };
}
