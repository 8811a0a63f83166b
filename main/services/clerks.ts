/** Accounts on the «Сотрудники» screen: create, change, disable, reset password, unlock. */
import { randomUUID } from 'node:crypto';
import { defaultMessages, fail, ok, type Clerk, type ParsedInput, type Result } from '../../preload/contract';
import {
  countActiveAdmins,
  enqueueRosterChange,
  findClerkById,
  findClerkByLogin,
  insertClerk,
  listClerks,
  toPublicClerk,
  updateClerk,
  type ClerkRow,
} from '../../db';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';
import { hashPassword } from './passwords';

type Actor = Pick<SessionRecord, 'clerkId' | 'login'>;

export async function list(deps: Deps): Promise<Result<{ clerks: Clerk[] }>> {
  const rows = await listClerks(deps.db);
  return ok({ clerks: rows.map(toPublicClerk) });
}

export async function create(deps: Deps, actor: Actor, input: ParsedInput<'clerks.create'>): Promise<Result<Clerk>> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  const row: ClerkRow = {
    id: randomUUID(),
    login: input.login,
    fullName: input.fullName,
    role: input.role,
    passwordHash,
    disabled: false,
    failedAttempts: 0,
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
    // The administrator chose this password: its owner replaces it at the first sign-in.
    mustChangePassword: true,
  };
  const created = await deps.db.transaction(async (trx) => {
    if (await findClerkByLogin(trx, input.login)) return false;
    await insertClerk(trx, row);
    await audit(trx, deps, actor, 'clerk.created', row.id, { login: row.login, role: row.role });
    // Every desk of the office gets the account through the registry's roster (main/sync/roster.ts).
    await enqueueRosterChange(trx, row.id, actor.login, now);
    return true;
  });
  if (!created) return fail('login_taken', defaultMessages.login_taken, { login: defaultMessages.login_taken });
  deps.sync.kick();
  return ok(toPublicClerk(row));
}

export async function update(deps: Deps, actor: Actor, input: ParsedInput<'clerks.update'>): Promise<Result<Clerk>> {
  const now = deps.clock.now().toISOString();
  const outcome = await deps.db.transaction(async (trx) => {
    const clerk = await findClerkById(trx, input.id);
    if (!clerk) return fail<ClerkRow>('not_found', defaultMessages.not_found);
    const losesAdmin =
      clerk.role === 'admin' && !clerk.disabled && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin && (await countActiveAdmins(trx)) <= 1) {
      return fail<ClerkRow>(
        'last_admin',
        defaultMessages.last_admin,
        input.disabled ? { disabled: defaultMessages.last_admin } : { role: defaultMessages.last_admin },
      );
    }
    const patch = { fullName: input.fullName, role: input.role, disabled: input.disabled, updatedAt: now };
    const updated = await updateClerk(trx, clerk.id, patch);
    if (!updated) return fail<ClerkRow>('not_found', defaultMessages.not_found);
    const changed = (['fullName', 'role', 'disabled'] as const).filter((k) => input[k] !== undefined && input[k] !== clerk[k]);
    if (input.disabled !== undefined && input.disabled !== clerk.disabled) {
      await audit(trx, deps, actor, input.disabled ? 'clerk.disabled' : 'clerk.enabled', clerk.id, { login: clerk.login });
    }
    if (changed.length > 0) await enqueueRosterChange(trx, clerk.id, actor.login, now);
    const other = changed.filter((k) => k !== 'disabled');
    if (other.length > 0) {
      await audit(trx, deps, actor, 'clerk.updated', clerk.id, {
        login: clerk.login,
        changed: other,
        ...(input.role !== undefined ? { role: input.role } : {}),
      });
    }
    return ok(updated);
  });
  if (!outcome.ok) return outcome;
  const row = outcome.value;
  deps.sync.kick();
  // A disabled clerk or a changed role must not keep using a session opened with old rights.
  if (row.disabled) deps.sessions.endForClerk(row.id, 'account_disabled');
  else if (input.role !== undefined) deps.sessions.endForClerk(row.id, 'role_changed');
  return ok(toPublicClerk(row));
}

export async function resetPassword(deps: Deps, actor: Actor, input: ParsedInput<'clerks.resetPassword'>): Promise<Result<Clerk>> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  const row = await deps.db.transaction(async (trx) => {
    const clerk = await findClerkById(trx, input.id);
    if (!clerk) return null;
    const updated = await updateClerk(trx, clerk.id, {
      passwordHash,
      failedAttempts: 0,
      lockedUntil: null,
      mustChangePassword: true,
      updatedAt: now,
    });
    await audit(trx, deps, actor, 'clerk.password_reset', clerk.id, { login: clerk.login });
    await enqueueRosterChange(trx, clerk.id, actor.login, now);
    return updated;
  });
  if (!row) return fail('not_found', defaultMessages.not_found);
  deps.sync.kick();
  deps.sessions.endForClerk(row.id, 'password_reset');
  return ok(toPublicClerk(row));
}

export async function unlock(deps: Deps, actor: Actor, input: ParsedInput<'clerks.unlock'>): Promise<Result<Clerk>> {
  const now = deps.clock.now().toISOString();
  const row = await deps.db.transaction(async (trx) => {
    const clerk = await findClerkById(trx, input.id);
    if (!clerk) return null;
    const updated = await updateClerk(trx, clerk.id, { failedAttempts: 0, lockedUntil: null, updatedAt: now });
    await audit(trx, deps, actor, 'clerk.unlocked', clerk.id, { login: clerk.login, wasLockedUntil: clerk.lockedUntil });
    return updated;
  });
  if (!row) return fail('not_found', defaultMessages.not_found);
  return ok(toPublicClerk(row));
}
