/** The clerks table. `ClerkRow` carries the password hash and never leaves the main process. */
import { roles, type Role } from '../../preload/contract/roles';
import type { Clerk } from '../../preload/contract/schemas';
import type { Db } from '../types';

export interface ClerkRow {
  id: string;
  login: string;
  fullName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  /** ISO timestamp; the account is locked while it is in the future. */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  /** Set when an administrator chose the password (creation, reset): the owner must replace it first. */
  mustChangePassword: boolean;
}

export type ClerkPatch = Partial<
  Pick<
    ClerkRow,
    | 'fullName'
    | 'role'
    | 'passwordHash'
    | 'disabled'
    | 'failedAttempts'
    | 'lockedUntil'
    | 'lastLoginAt'
    | 'updatedAt'
    | 'mustChangePassword'
  >
>;

interface ClerkDbRow {
  id: string;
  login: string;
  full_name: string;
  role: string;
  password_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  must_change_password: number;
}

// The one place where camelCase meets snake_case for this table: toDb and fromDb below.
function toDb(values: Partial<ClerkRow>): Partial<ClerkDbRow> {
  const out: Partial<ClerkDbRow> = {};
  if (values.id !== undefined) out.id = values.id;
  if (values.login !== undefined) out.login = values.login;
  if (values.fullName !== undefined) out.full_name = values.fullName;
  if (values.role !== undefined) out.role = values.role;
  if (values.passwordHash !== undefined) out.password_hash = values.passwordHash;
  if (values.disabled !== undefined) out.disabled = values.disabled ? 1 : 0;
  if (values.failedAttempts !== undefined) out.failed_attempts = values.failedAttempts;
  if (values.lockedUntil !== undefined) out.locked_until = values.lockedUntil;
  if (values.createdAt !== undefined) out.created_at = values.createdAt;
  if (values.updatedAt !== undefined) out.updated_at = values.updatedAt;
  if (values.lastLoginAt !== undefined) out.last_login_at = values.lastLoginAt;
  if (values.mustChangePassword !== undefined) out.must_change_password = values.mustChangePassword ? 1 : 0;
  return out;
}

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

function fromDb(row: ClerkDbRow): ClerkRow {
  // The CHECK constraint makes this unreachable unless the file was edited by hand.
  if (!isRole(row.role)) throw new Error(`clerks.role has an unknown value for clerk ${row.id}`);
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    role: row.role,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    mustChangePassword: row.must_change_password === 1,
  };
}

const clerks = (db: Db) => db<ClerkDbRow>('clerks');

/** Throws a UNIQUE constraint error (see `isUniqueViolation`) when the login is taken, whatever its letter case. */
/** A new account; `mustChangePassword` defaults to false (the owner chose the password). */
export type NewClerk = Omit<ClerkRow, 'mustChangePassword'> & Partial<Pick<ClerkRow, 'mustChangePassword'>>;

export async function insertClerk(db: Db, row: NewClerk): Promise<ClerkRow> {
  const full: ClerkRow = { ...row, mustChangePassword: row.mustChangePassword ?? false };
  await clerks(db).insert(toDb(full));
  return full;
}

export async function findClerkById(db: Db, id: string): Promise<ClerkRow | null> {
  const row = await clerks(db).where('id', id).first();
  return row ? fromDb(row) : null;
}

/** Case-insensitive: the column is COLLATE NOCASE, which `=` on the column uses. */
export async function findClerkByLogin(db: Db, login: string): Promise<ClerkRow | null> {
  const row = await clerks(db).where('login', login).first();
  return row ? fromDb(row) : null;
}

// SQLite orders Cyrillic by code point (Ё before А, Belarusian І and Ў out of place).
const byName = new Intl.Collator(['be', 'ru'], { sensitivity: 'base' });

export async function listClerks(db: Db): Promise<ClerkRow[]> {
  const rows = await clerks(db).select('*');
  return rows.map(fromDb).sort((a, b) => byName.compare(a.fullName, b.fullName) || a.login.localeCompare(b.login));
}

/** Clerk id → full name: what lists of applications show in their «Сотрудник» column. */
export async function clerkNames(db: Db): Promise<Map<string, string>> {
  const rows = await clerks(db).select('id', 'full_name');
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/** Returns the row after the update, or null when there is no such clerk. */
export async function updateClerk(db: Db, id: string, patch: ClerkPatch): Promise<ClerkRow | null> {
  const values = toDb(patch);
  if (Object.keys(values).length > 0) {
    const changed = await clerks(db).where('id', id).update(values);
    if (changed === 0) return null;
  }
  return findClerkById(db, id);
}

export type CountedAttempt =
  /** Counted while the account was open; `locked` when this attempt locked it. */
  | { kind: 'counted'; attempts: number; locked: boolean; lockedUntil: string | null }
  /** The account was already locked: counted, the lock itself unchanged. */
  | { kind: 'while_locked'; attempts: number; lockedUntil: string };

/**
 * Counts one wrong password in single conditional statements, never read-modify-write across an
 * await: concurrent attempts each get their own number (issue 15: 60 concurrent wrong passwords
 * all counted as attempt 1). The counter keeps counting while locked; the first failure after a
 * lock expired starts again at 1. Returns null when there is no such clerk.
 * Instants are `toISOString()` strings, so text order is time order.
 */
export async function countFailedAttempt(
  db: Db,
  id: string,
  now: string,
  lockUntil: string,
  maxAttempts: number,
): Promise<CountedAttempt | null> {
  // Two statements whose WHERE clauses exclude each other: if a lock lands between them, the
  // second matches nothing and the first is tried again.
  for (let round = 0; round < 3; round++) {
    const whileLocked = (await db.raw(
      `UPDATE clerks SET failed_attempts = failed_attempts + 1, updated_at = ?
        WHERE id = ? AND locked_until IS NOT NULL AND locked_until > ?
        RETURNING failed_attempts, locked_until`,
      [now, id, now],
    )) as Array<Pick<ClerkDbRow, 'failed_attempts' | 'locked_until'>>;
    const hit = whileLocked[0];
    if (hit && hit.locked_until !== null) return { kind: 'while_locked', attempts: hit.failed_attempts, lockedUntil: hit.locked_until };
    const next = `CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END`;
    const counted = (await db.raw(
      `UPDATE clerks SET failed_attempts = ${next},
              locked_until = CASE WHEN ${next} >= ? THEN ? ELSE NULL END,
              updated_at = ?
        WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)
        RETURNING failed_attempts, locked_until`,
      [maxAttempts, lockUntil, now, id, now],
    )) as Array<Pick<ClerkDbRow, 'failed_attempts' | 'locked_until'>>;
    const row = counted[0];
    if (row) return { kind: 'counted', attempts: row.failed_attempts, locked: row.locked_until !== null, lockedUntil: row.locked_until };
    if (!(await findClerkById(db, id))) return null;
  }
  throw new Error(`countFailedAttempt: clerk ${id} kept changing between statements`);
}

/**
 * A right password: clears the counter and records the login only if the account is still
 * enabled, not locked and has the password that was checked at this instant (a concurrent attempt may have locked it while the
 * password was being checked). Returns the row after the update, or null when refused.
 */
export async function recordLogin(db: Db, id: string, checkedHash: string, now: string, patch: ClerkPatch = {}): Promise<ClerkRow | null> {
  const values = { ...toDb(patch), failed_attempts: 0, locked_until: null, updated_at: now };
  const changed = await clerks(db)
    .where('id', id)
    // The password checked must still be the account's (an administrator may have reset it meanwhile).
    .andWhere('password_hash', checkedHash)
    .andWhere('disabled', 0)
    .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', now))
    .update(values);
  return changed === 0 ? null : findClerkById(db, id);
}

async function count(db: Db, where: Partial<ClerkDbRow>): Promise<number> {
  const row = await clerks(db).where(where).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export function countClerks(db: Db): Promise<number> {
  return count(db, {});
}

/** Guards "the last working administrator cannot be disabled or demoted". */
export function countActiveAdmins(db: Db): Promise<number> {
  return count(db, { role: 'admin', disabled: 0 });
}

export function toPublicClerk(row: ClerkRow): Clerk {
  return {
    id: row.id,
    login: row.login,
    fullName: row.fullName,
    role: row.role,
    disabled: row.disabled,
    lockedUntil: row.lockedUntil,
    failedAttempts: row.failedAttempts,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}
