/**
 * The pure rules of the office roster (issue 14): what a desk does with an entry from the registry,
 * given the account it has, its registry version and whether a local change waits to be pushed.
 * The registry orders changes: the change that reached it first gets the next version, and a
 * desk whose change was made on an older version loses it (it is told, and takes the winner).
 * No I/O here; main/sync/roster.ts applies the outcomes.
 */
import type { Role } from '../../preload/contract/roles';
import type { RosterEntry, StoredRosterEntry } from '../central/roster-schemas';

/** What the roster carries of an account. Lockouts (failed attempts, locks) stay on each desk. */
export interface RosterAccount {
  login: string;
  fullName: string;
  role: Role;
  disabled: boolean;
  passwordHash: string;
  mustChangePassword: boolean;
}

export type AccountField = 'fullName' | 'role' | 'disabled' | 'passwordHash' | 'mustChangePassword';

export interface LocalAccountState {
  account: RosterAccount;
  /** The registry version the account is at here; 0 when it never was in the roster. */
  version: number;
  /** A local change waits to be pushed. */
  pending: boolean;
}

export type IncomingOutcome =
  /** A new account for this desk. */
  | { kind: 'create' }
  /** Take the registry's entry; `changed` are the fields that differ. */
  | { kind: 'apply'; changed: AccountField[] }
  /** The registry already holds what this desk has: only the version is taken. */
  | { kind: 'adopt' }
  /** The desk has it already (its own push coming back, or a replay). */
  | { kind: 'skip' }
  /** A local change made on an older version lost: the registry's entry is taken, the admin told. */
  | { kind: 'conflict'; changed: AccountField[] }
  /** Cannot be used: nothing changes, the entry is reported. */
  | { kind: 'set_aside'; reason: 'no_password_hash' };

/** The fields where the account differs from the entry; a field the entry leaves out is kept as is. */
export function differingFields(account: RosterAccount, entry: RosterEntry): AccountField[] {
  const out: AccountField[] = [];
  if (account.fullName !== entry.fullName) out.push('fullName');
  if (account.role !== entry.role) out.push('role');
  if (account.disabled !== entry.disabled) out.push('disabled');
  if (entry.passwordHash !== undefined && account.passwordHash !== entry.passwordHash) out.push('passwordHash');
  if (entry.mustChangePassword !== undefined && account.mustChangePassword !== entry.mustChangePassword) out.push('mustChangePassword');
  return out;
}

/** An entry pulled from the registry (GET …/clerks). */
export function decideIncoming(local: LocalAccountState | null, entry: StoredRosterEntry): IncomingOutcome {
  if (local === null) return entry.passwordHash === undefined ? { kind: 'set_aside', reason: 'no_password_hash' } : { kind: 'create' };
  if (entry.version <= local.version) return { kind: 'skip' };
  const changed = differingFields(local.account, entry);
  if (changed.length === 0) return { kind: 'adopt' };
  return local.pending ? { kind: 'conflict', changed } : { kind: 'apply', changed };
}

/**
 * A push answered 409 with the registry's current entry: another desk's change got there first.
 * If the registry holds exactly what was pushed (a retry whose first answer was lost, or two desks
 * making the same change) nothing was lost.
 */
export function decideRefusedPush(local: LocalAccountState, current: StoredRosterEntry): IncomingOutcome {
  const changed = differingFields(local.account, current);
  return changed.length === 0 ? { kind: 'adopt' } : { kind: 'conflict', changed };
}

export type SessionEndReason = 'account_disabled' | 'role_changed' | 'password_changed';

/** Why the account's open sessions on this desk must end when the entry is applied, if they must. */
export function sessionEndReason(before: RosterAccount, changed: readonly AccountField[], entry: RosterEntry): SessionEndReason | null {
  if (entry.disabled && !before.disabled) return 'account_disabled';
  if (changed.includes('role')) return 'role_changed';
  if (changed.includes('passwordHash')) return 'password_changed';
  return null;
}

/** central-api.yaml `updatedBy`: officeCode/workstationId/login of the change. */
export const rosterAuthor = (officeCode: string, workstationId: string, login: string | null): string =>
  `${officeCode}/${workstationId}/${login ?? '-'}`;

/** The entry a desk pushes: the account as it is now (never a password, only its hash). */
export function toRosterEntry(account: RosterAccount, updatedBy: string): RosterEntry {
  return {
    login: account.login,
    fullName: account.fullName,
    role: account.role,
    disabled: account.disabled,
    passwordHash: account.passwordHash,
    mustChangePassword: account.mustChangePassword,
    updatedBy,
  };
}
