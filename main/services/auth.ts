/**
 * First run, login, logout, idle lock and unlock, change of one's own password. The lockout and
 * the counting of wrong passwords are in password-checks.ts. At login a locked or disabled account
 * answers exactly like a wrong password; the real reason is only in the audit.
 */
import { randomUUID } from 'node:crypto';
import { defaultMessages, fail, fieldMessage, ok, type ParsedInput, type Result, type Session } from '../../preload/contract';
import { countClerks, enqueueRosterChange, findClerkByLogin, insertClerk, recordLogin, writeSetting, type ClerkRow } from '../../db';
import type { CallContext } from '../router';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';
import { checkPassword, type Checked } from './password-checks';
import { decoyHash, hashPassword, needsRehash, verifyPassword, waitAsLongAsACheck } from './passwords';

export { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './password-checks';

const toSession = (s: SessionRecord, idleLockMinutes: number): Session => ({
  clerkId: s.clerkId,
  login: s.login,
  fullName: s.fullName,
  role: s.role,
  state: s.state,
  idleLockMinutes,
  mustChangePassword: s.mustChangePassword,
});

function startSession(deps: Deps, clientId: string, clerk: ClerkRow): Session {
  const record = deps.sessions.start(clientId, {
    clerkId: clerk.id,
    login: clerk.login,
    fullName: clerk.fullName,
    role: clerk.role,
    mustChangePassword: clerk.mustChangePassword,
  });
  return toSession(record, deps.sessions.idleMinutes());
}

export function currentSession(deps: Deps, ctx: CallContext): { session: Session | null } {
  return { session: ctx.session ? toSession(ctx.session, deps.sessions.idleMinutes()) : null };
}

/** The office code and workstation number typed on the first-run screen that are to be stored. */
function deskIdentity(
  deps: Deps,
  input: ParsedInput<'setup.createAdmin'>,
): Result<Partial<Record<'officeCode' | 'workstationId', string>>> {
  const out: Partial<Record<'officeCode' | 'workstationId', string>> = {};
  for (const key of ['officeCode', 'workstationId'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (deps.settings.readonly().includes(key)) {
      // The file's value is shown on the form; another one typed there is refused, not dropped.
      if (value !== deps.settings.values()[key])
        return fail('config_readonly', defaultMessages.config_readonly, { [key]: defaultMessages.config_readonly });
    } else out[key] = value;
  }
  return ok(out);
}

export async function createAdmin(deps: Deps, ctx: CallContext, input: ParsedInput<'setup.createAdmin'>): Promise<Result<Session>> {
  // Who the desk is comes with the first administrator unless IT's file gave it (then the file wins).
  const identity = deskIdentity(deps, input);
  if (!identity.ok) return identity;
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
    // The first administrator chose this password on the first-run screen.
    mustChangePassword: false,
  };
  // The count is re-read inside the transaction: two first-run screens racing create one admin.
  const created = await deps.db.transaction(async (trx) => {
    if ((await countClerks(trx)) > 0) return false;
    await insertClerk(trx, row);
    for (const [key, value] of Object.entries(identity.value)) await writeSetting(trx, key, value, row.id, now);
    await audit(trx, deps, { clerkId: row.id, login: row.login }, 'setup.admin_created', row.id, { login: row.login, ...identity.value });
    // The first desk of an office pushes its accounts to the office roster (main/sync/roster.ts).
    await enqueueRosterChange(trx, row.id, row.login, now);
    return true;
  });
  if (!created) return fail('already_set_up', defaultMessages.already_set_up);
  const keys = Object.keys(identity.value) as ('officeCode' | 'workstationId')[];
  if (keys.length > 0) {
    await deps.settings.reload(deps.db);
    deps.bus.emit(null, 'settings.changed', { keys });
  }
  deps.sync.kick();
  return ok(startSession(deps, ctx.clientId, row));
}

export async function login(deps: Deps, ctx: CallContext, input: ParsedInput<'auth.login'>): Promise<Result<Session>> {
  const clerk = await findClerkByLogin(deps.db, input.login);
  if (!clerk) {
    if ((await countClerks(deps.db)) === 0) return fail('setup_required', defaultMessages.setup_required);
    await verifyPassword(input.password, await decoyHash());
    await audit(deps.db, deps, null, 'auth.login_failed', null, { login: input.login, reason: 'unknown_login' });
    return fail('invalid_credentials', defaultMessages.invalid_credentials);
  }
  const checked = await checkPassword(deps, clerk.id, input.password, 'login', async (row) => {
    // A hash made with older parameters is replaced now, while the password is at hand.
    const passwordHash = needsRehash(row.passwordHash) ? await hashPassword(input.password) : undefined;
    const at = deps.clock.now().toISOString();
    return deps.db.transaction(async (trx) => {
      const updated = await recordLogin(trx, row.id, row.passwordHash, at, { lastLoginAt: at, ...(passwordHash && { passwordHash }) });
      if (!updated) return null;
      const details = { transport: deps.transport, ...(passwordHash && { rehashed: true }) };
      await audit(trx, deps, { clerkId: row.id, login: row.login }, 'auth.login', row.id, details);
      return updated;
    });
  });
  if (checked.kind === 'right') return ok(startSession(deps, ctx.clientId, checked.value));
  // Locked, disabled, or locked by this very attempt: the same answer as a wrong password, so the
  // login screen never tells whether an account exists; the reason is in the audit. A refusal ran
  // no scrypt, so it waits as long as one would take.
  if (checked.kind === 'refused') await waitAsLongAsACheck();
  return fail('invalid_credentials', defaultMessages.invalid_credentials);
}

export async function logout(deps: Deps, ctx: CallContext): Promise<Result<Record<string, never>>> {
  const s = ctx.session;
  if (s) {
    await audit(deps.db, deps, s, 'auth.logout', s.clerkId);
    deps.sessions.end(ctx.clientId, 'logout');
  }
  return ok({});
}

/**
 * Unlock of an idle-locked session. The clerk is signed in, so the account's existence is no
 * secret here: a locked or disabled account gets its own message (and the session ends).
 */
export async function unlock(deps: Deps, ctx: CallContext, input: ParsedInput<'auth.unlock'>): Promise<Result<Session>> {
  const s = ctx.session;
  if (!s) return fail('unauthenticated', defaultMessages.unauthenticated);
  const checked = await checkPassword(deps, s.clerkId, input.password, 'unlock', (row) =>
    deps.db.transaction(async (trx) => {
      const updated = await recordLogin(trx, row.id, row.passwordHash, deps.clock.now().toISOString());
      if (updated) await audit(trx, deps, s, 'auth.session_unlocked', row.id);
      return updated;
    }),
  );
  if (checked.kind === 'right') {
    const record = deps.sessions.unlock(ctx.clientId);
    if (!record) return fail('unauthenticated', defaultMessages.unauthenticated);
    return ok(toSession(record, deps.sessions.idleMinutes()));
  }
  if (checked.kind === 'wrong' && !checked.locked)
    return fail('invalid_credentials', fieldMessage('password.wrong_check_layout'), {
      password: fieldMessage('password.wrong'),
    });
  return endUnusable(deps, ctx, checked);
}

/** The account can no longer be used (locked now or before, disabled, gone): the session ends. */
function endUnusable<T>(deps: Deps, ctx: CallContext, checked: Checked<unknown>): Result<T> {
  const disabled = checked.kind === 'refused' && checked.reason === 'disabled';
  const locked = checked.kind === 'wrong' || (checked.kind === 'refused' && checked.reason === 'locked');
  deps.sessions.end(ctx.clientId, locked ? 'account_locked' : 'account_unavailable');
  return disabled ? fail('account_disabled', defaultMessages.account_disabled) : fail('account_locked', defaultMessages.account_locked);
}

export function heartbeat(deps: Deps, ctx: CallContext): Result<{ lockAt: string }> {
  const at = deps.sessions.lockAt(ctx.clientId);
  if (!at) return fail('unauthenticated', defaultMessages.unauthenticated);
  return ok({ lockAt: at.toISOString() });
}

/**
 * The clerk replaces their own password. A wrong current password counts like a wrong login
 * (same counter, same lockout), otherwise a stolen unlocked session could guess it without limit.
 * A change ends the clerk's other sessions and lifts the forced change after an administrator's.
 */
export async function changePassword(
  deps: Deps,
  ctx: CallContext,
  input: ParsedInput<'auth.changePassword'>,
): Promise<Result<Record<string, never>>> {
  const s = ctx.session;
  if (!s) return fail('unauthenticated', defaultMessages.unauthenticated);
  if (input.newPassword === input.currentPassword) {
    const message = fieldMessage('password.same_as_current');
    return fail('validation', message, { newPassword: message });
  }
  const checked = await checkPassword(deps, s.clerkId, input.currentPassword, 'change_password', async (row) => {
    const passwordHash = await hashPassword(input.newPassword);
    const at = deps.clock.now().toISOString();
    return deps.db.transaction(async (trx) => {
      const updated = await recordLogin(trx, row.id, row.passwordHash, at, { passwordHash, mustChangePassword: false });
      if (updated) {
        await audit(trx, deps, s, 'clerk.password_reset', row.id, { self: true, wasForced: row.mustChangePassword });
        await enqueueRosterChange(trx, row.id, s.login, at);
      }
      return updated;
    });
  });
  if (checked.kind === 'right') {
    deps.sync.kick();
    deps.sessions.endForClerk(s.clerkId, 'password_changed', ctx.clientId);
    deps.sessions.passwordChanged(ctx.clientId);
    return ok({});
  }
  if (checked.kind === 'wrong' && !checked.locked) {
    return fail('invalid_credentials', 'Текущий пароль введён неверно.', { currentPassword: fieldMessage('password.current_wrong') });
  }
  if (checked.kind === 'wrong') deps.sessions.endForClerk(s.clerkId, 'account_locked');
  return endUnusable(deps, ctx, checked);
}

/** Called on a timer: locks idle sessions and audits each lock once. */
export async function lockIdleSessions(deps: Deps): Promise<number> {
  const locked = deps.sessions.lockIdle();
  for (const { session } of locked) await audit(deps.db, deps, session, 'auth.session_locked', session.clerkId, { reason: 'idle' });
  return locked.length;
}
