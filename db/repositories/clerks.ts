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
}

export type ClerkPatch = Partial<
  Pick<ClerkRow, 'fullName' | 'role' | 'passwordHash' | 'disabled' | 'failedAttempts' | 'lockedUntil' | 'lastLoginAt' | 'updatedAt'>
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
  };
}

const clerks = (db: Db) => db<ClerkDbRow>('clerks');

/** Throws a UNIQUE constraint error (see `isUniqueViolation`) when the login is taken, whatever its letter case. */
export async function insertClerk(db: Db, row: ClerkRow): Promise<ClerkRow> {
  await clerks(db).insert(toDb(row));
  return row;
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
