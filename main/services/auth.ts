/**
 * First run, login, logout, idle lock and unlock. Five wrong passwords lock the account for
 * fifteen minutes; a locked or disabled account is refused before the password is checked,
 * so the answer never tells whether the password was right.
 */
import { randomUUID } from 'node:crypto';
import { defaultMessages, fail, ok, type ParsedInput, type Result, type Session } from '../../preload/contract';
import { countClerks, findClerkById, findClerkByLogin, insertClerk, updateClerk, type ClerkRow } from '../../db';
import type { CallContext } from '../router';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';
import { decoyHash, hashPassword, verifyPassword } from './passwords';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

const toSession = (s: SessionRecord, idleLockMinutes: number): Session => ({
  clerkId: s.clerkId,
  login: s.login,
  fullName: s.fullName,
  role: s.role,
  state: s.state,
  idleLockMinutes,
});

function startSession(deps: Deps, clientId: string, clerk: ClerkRow): Session {
  const record = deps.sessions.start(clientId, { clerkId: clerk.id, login: clerk.login, fullName: clerk.fullName, role: clerk.role });
  return toSession(record, deps.sessions.idleMinutes());
}

export function currentSession(deps: Deps, ctx: CallContext): { session: Session | null } {
  return { session: ctx.session ? toSession(ctx.session, deps.sessions.idleMinutes()) : null };
}

export async function createAdmin(deps: Deps, ctx: CallContext, input: ParsedInput<'setup.createAdmin'>): Promise<Result<Session>> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  const row: ClerkRow = {
    id: randomUUID(),
    login: input.login,
    fullName: input.fullName ?? 'Администратор',
    role: 'admin',
    passwordHash,
    disabled: false,
    failedAttempts: 0,
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
    lastLoginAt: now,
  };
  // The count is re-read inside the transaction: two first-run screens racing create one admin.
  const created = await deps.db.transaction(async (trx) => {
    if ((await countClerks(trx)) > 0) return false;
    await insertClerk(trx, row);
    await audit(trx, deps, { clerkId: row.id, login: row.login }, 'setup.admin_created', row.id, { login: row.login });
    return true;
  });
  if (!created) return fail('already_set_up', defaultMessages.already_set_up);
  return ok(startSession(deps, ctx.clientId, row));
}

const isLocked = (clerk: ClerkRow, now: Date) => clerk.lockedUntil !== null && new Date(clerk.lockedUntil) > now;

/** Counts a wrong password; returns true when this attempt locked the account. */
async function recordFailure(deps: Deps, clerk: ClerkRow, now: Date, via: 'login' | 'unlock'): Promise<boolean> {
  // An expired lock starts the count afresh.
  const previous = clerk.lockedUntil !== null && !isLocked(clerk, now) ? 0 : clerk.failedAttempts;
  const attempts = previous + 1;
  const locks = attempts >= MAX_FAILED_LOGINS;
  // Only reached while not locked, so an old lockedUntil has expired and is cleared.
  const lockedUntil = locks ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
  await deps.db.transaction(async (trx) => {
    await updateClerk(trx, clerk.id, { failedAttempts: locks ? 0 : attempts, lockedUntil, updatedAt: now.toISOString() });
    await audit(trx, deps, null, 'auth.login_failed', clerk.id, { login: clerk.login, attempt: attempts, via });
    if (locks)
      await audit(trx, deps, null, 'auth.account_locked', clerk.id, { login: clerk.login, until: lockedUntil, minutes: LOCKOUT_MINUTES });
  });
  return locks;
}

export async function login(deps: Deps, ctx: CallContext, input: ParsedInput<'auth.login'>): Promise<Result<Session>> {
  const now = deps.clock.now();
  const clerk = await findClerkByLogin(deps.db, input.login);
  if (!clerk) {
    if ((await countClerks(deps.db)) === 0) return fail('setup_required', defaultMessages.setup_required);
    await verifyPassword(input.password, await decoyHash());
    await audit(deps.db, deps, null, 'auth.login_failed', null, { login: input.login, reason: 'unknown_login' });
    return fail('invalid_credentials', defaultMessages.invalid_credentials);
  }
  if (clerk.disabled || isLocked(clerk, now)) {
    const reason = clerk.disabled ? 'disabled' : 'locked';
    await audit(deps.db, deps, null, 'auth.login_refused', clerk.id, { login: clerk.login, reason });
    return clerk.disabled
      ? fail('account_disabled', defaultMessages.account_disabled)
      : fail('account_locked', lockedMessage(clerk.lockedUntil));
  }
  if (!(await verifyPassword(input.password, clerk.passwordHash))) {
    const locked = await recordFailure(deps, clerk, now, 'login');
    return locked
      ? fail('account_locked', defaultMessages.account_locked)
      : fail('invalid_credentials', defaultMessages.invalid_credentials);
  }
  const at = now.toISOString();
  await deps.db.transaction(async (trx) => {
    await updateClerk(trx, clerk.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: at, updatedAt: at });
    await audit(trx, deps, { clerkId: clerk.id, login: clerk.login }, 'auth.login', clerk.id, { transport: deps.transport });
  });
  return ok(startSession(deps, ctx.clientId, clerk));
}

function lockedMessage(until: string | null): string {
  if (!until) return defaultMessages.account_locked;
  const time = new Date(until).toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
  return `Учётная запись заблокирована до ${time} после неудачных попыток входа. Обратитесь к начальнику службы или администратору либо повторите позже.`;
}

export async function logout(deps: Deps, ctx: CallContext): Promise<Result<Record<string, never>>> {
  const s = ctx.session;
  if (s) {
    await audit(deps.db, deps, s, 'auth.logout', s.clerkId);
    deps.sessions.end(ctx.clientId, 'logout');
  }
  return ok({});
}

export async function unlock(deps: Deps, ctx: CallContext, input: ParsedInput<'auth.unlock'>): Promise<Result<Session>> {
  const s = ctx.session;
  if (!s) return fail('unauthenticated', defaultMessages.unauthenticated);
  const clerk = await findClerkById(deps.db, s.clerkId);
  const now = deps.clock.now();
  if (!clerk || clerk.disabled || isLocked(clerk, now)) {
    deps.sessions.end(ctx.clientId, 'account_unavailable');
    return fail(
      clerk?.disabled ? 'account_disabled' : 'account_locked',
      clerk?.disabled ? defaultMessages.account_disabled : defaultMessages.account_locked,
    );
  }
  if (!(await verifyPassword(input.password, clerk.passwordHash))) {
    const locked = await recordFailure(deps, clerk, now, 'unlock');
    if (locked) {
      deps.sessions.end(ctx.clientId, 'account_locked');
      return fail('account_locked', defaultMessages.account_locked);
    }
    return fail('invalid_credentials', 'Неверный пароль. Проверьте раскладку клавиатуры и Caps Lock.', { password: 'Неверный пароль.' });
  }
  await deps.db.transaction(async (trx) => {
    if (clerk.failedAttempts > 0) await updateClerk(trx, clerk.id, { failedAttempts: 0, updatedAt: now.toISOString() });
    await audit(trx, deps, s, 'auth.session_unlocked', clerk.id);
  });
  const record = deps.sessions.unlock(ctx.clientId);
  if (!record) return fail('unauthenticated', defaultMessages.unauthenticated);
  return ok(toSession(record, deps.sessions.idleMinutes()));
}

export function heartbeat(deps: Deps, ctx: CallContext): Result<{ lockAt: string }> {
  const at = deps.sessions.lockAt(ctx.clientId);
  if (!at) return fail('unauthenticated', defaultMessages.unauthenticated);
  return ok({ lockAt: at.toISOString() });
}

export async function changePassword(
  deps: Deps,
  ctx: CallContext,
  input: ParsedInput<'auth.changePassword'>,
): Promise<Result<Record<string, never>>> {
  const s = ctx.session;
  if (!s) return fail('unauthenticated', defaultMessages.unauthenticated);
  const clerk = await findClerkById(deps.db, s.clerkId);
  if (!clerk) return fail('unauthenticated', defaultMessages.unauthenticated);
  if (!(await verifyPassword(input.currentPassword, clerk.passwordHash))) {
    return fail('invalid_credentials', 'Текущий пароль введён неверно.', { currentPassword: 'Текущий пароль введён неверно.' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (trx) => {
    await updateClerk(trx, clerk.id, { passwordHash, updatedAt: deps.clock.now().toISOString() });
    await audit(trx, deps, s, 'clerk.password_reset', clerk.id, { self: true });
  });
  return ok({});
}

/** Called on a timer: locks idle sessions and audits each lock once. */
export async function lockIdleSessions(deps: Deps): Promise<number> {
  const locked = deps.sessions.lockIdle();
  for (const { session } of locked) await audit(deps.db, deps, session, 'auth.session_locked', session.clerkId, { reason: 'idle' });
  return locked.length;
}
