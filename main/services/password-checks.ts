/**
 * Checking a clerk's password (login, unlock of an idle session, change of one's own password)
 * against the lockout: five wrong passwords lock the account for fifteen minutes.
 *
 * Two guards make the count hold under concurrency (issue 15: 60 concurrent wrong passwords were
 * all counted as attempt 1 and the account never locked):
 *  - the count itself is one conditional UPDATE … RETURNING (db countFailedAttempt), and a right
 *    password is accepted only by a conditional UPDATE that fails if the account got locked
 *    meanwhile (db recordLogin), so the database alone decides, whatever runs at the same time;
 *  - checks of one account run one at a time in this process, so an attempt that arrives while
 *    another is being checked sees its outcome: once locked, later attempts are counted without
 *    running scrypt (128 MiB and ~0.4 s each) on the real hash. Other accounts are not delayed.
 */
import type { ClerkRow } from '../../db';
import { countFailedAttempt, findClerkById } from '../../db';
import { audit, type Deps } from './deps';
import { verifyPassword } from './passwords';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export type CheckVia = 'login' | 'unlock' | 'change_password' | 'confirmation';

export type Checked<T> =
  | { kind: 'right'; value: T }
  /** Wrong password, counted; `locked` when this attempt locked the account. */
  | { kind: 'wrong'; locked: boolean }
  /** Not checked: the account is locked or disabled (counted and audited), or gone. */
  | { kind: 'refused'; reason: 'locked' | 'disabled' | 'gone' };

const queues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(job);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

export const isLocked = (clerk: ClerkRow, now: Date) => clerk.lockedUntil !== null && new Date(clerk.lockedUntil) > now;

/** Counts a wrong (or unchecked, while locked) password and audits it in one transaction. */
async function countFailure(deps: Deps, clerk: ClerkRow, via: CheckVia): Promise<Checked<never>> {
  const now = deps.clock.now();
  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  return deps.db.transaction(async (trx): Promise<Checked<never>> => {
    const counted = await countFailedAttempt(trx, clerk.id, now.toISOString(), lockUntil, MAX_FAILED_LOGINS);
    if (!counted) return { kind: 'refused', reason: 'gone' };
    if (counted.kind === 'while_locked') {
      await audit(trx, deps, null, 'auth.login_refused', clerk.id, {
        login: clerk.login,
        reason: 'locked',
        attempt: counted.attempts,
        via,
      });
      return { kind: 'refused', reason: 'locked' };
    }
    await audit(trx, deps, null, 'auth.login_failed', clerk.id, { login: clerk.login, attempt: counted.attempts, via });
    if (counted.locked)
      await audit(trx, deps, null, 'auth.account_locked', clerk.id, {
        login: clerk.login,
        until: counted.lockedUntil,
        minutes: LOCKOUT_MINUTES,
      });
    return { kind: 'wrong', locked: counted.locked };
  });
}

/**
 * Checks `password` for the clerk; on a right one runs `onRight` (still one at a time for this
 * account), which commits with a conditional update and returns null if the account was locked
 * or disabled in the meantime.
 */
export function checkPassword<T>(
  deps: Deps,
  clerkId: string,
  password: string,
  via: CheckVia,
  onRight: (clerk: ClerkRow) => Promise<T | null>,
): Promise<Checked<T>> {
  return oneAtATime(clerkId, async (): Promise<Checked<T>> => {
    const clerk = await findClerkById(deps.db, clerkId);
    if (!clerk) return { kind: 'refused', reason: 'gone' };
    if (clerk.disabled) {
      await audit(deps.db, deps, null, 'auth.login_refused', clerk.id, { login: clerk.login, reason: 'disabled', via });
      return { kind: 'refused', reason: 'disabled' };
    }
    // Locked: counted without running scrypt on the real hash.
    if (isLocked(clerk, deps.clock.now())) return countFailure(deps, clerk, via);
    if (!(await verifyPassword(password, clerk.passwordHash))) return countFailure(deps, clerk, via);
    const value = await onRight(clerk);
    if (value !== null) return { kind: 'right', value };
    // The right password, but a lock (from another process), a disable or a reset landed during the check.
    await audit(deps.db, deps, null, 'auth.login_refused', clerk.id, { login: clerk.login, reason: 'changed_meanwhile', via });
    return { kind: 'refused', reason: 'locked' };
  });
}
