/**
 * A supervisor confirms, at the administrator's desk, a change that would send the queued
 * applications somewhere else (the registry's address or token). The supervisor's password is
 * checked like a login and shares its failure count and lockout: a wrong password counts
 * (atomically, db/repositories/clerk-failures.ts), five lock the account for everything, and a
 * locked or disabled account, an unknown login or one that is not a supervisor all get the same
 * answer as a wrong password — the real reason is only in the audit.
 */
import { fail, ok, type Result, type SupervisorConfirmation } from '../../preload/contract';
import { countFailedPassword, findClerkByLogin } from '../../db';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './auth';
import { audit, type Deps } from './deps';
import { decoyHash, verifyPassword } from './passwords';

export interface Confirmer {
  clerkId: string;
  login: string;
}

const REFUSED = 'Подтверждение не принято: неверный логин или пароль начальника службы. Проверьте раскладку клавиатуры и Caps Lock.';

function refused(): Result<never> {
  return fail('invalid_credentials', REFUSED, { 'supervisor.password': REFUSED });
}

export async function confirmBySupervisor(
  deps: Deps,
  actor: { clerkId: string },
  input: SupervisorConfirmation,
  what: string,
): Promise<Result<Confirmer>> {
  const now = deps.clock.now();
  const clerk = await findClerkByLogin(deps.db, input.login);
  const details = { login: input.login, via: 'confirmation', what };
  if (!clerk || clerk.role !== 'supervisor' || clerk.id === actor.clerkId || clerk.disabled) {
    // Same work as a real check, so timing does not tell these cases apart.
    await verifyPassword(input.password, await decoyHash());
    const reason = !clerk ? 'unknown_login' : clerk.disabled ? 'disabled' : 'not_supervisor';
    await audit(deps.db, deps, null, clerk ? 'auth.login_refused' : 'auth.login_failed', clerk?.id ?? null, { ...details, reason });
    return refused();
  }
  if (clerk.lockedUntil !== null && new Date(clerk.lockedUntil) > now) {
    await audit(deps.db, deps, null, 'auth.login_refused', clerk.id, { ...details, reason: 'locked' });
    return refused();
  }
  if (await verifyPassword(input.password, clerk.passwordHash)) return ok({ clerkId: clerk.id, login: clerk.login });

  const at = deps.clock.now();
  const lockUntil = new Date(at.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  await deps.db.transaction(async (trx) => {
    const counted = await countFailedPassword(trx, clerk.id, { now: at.toISOString(), lockUntil, maxAttempts: MAX_FAILED_LOGINS });
    // Locked by a concurrent attempt while this one checked the password: refused as locked.
    if (!counted.counted) return audit(trx, deps, null, 'auth.login_refused', clerk.id, { ...details, reason: 'locked' });
    await audit(trx, deps, null, 'auth.login_failed', clerk.id, { ...details, attempt: counted.attempt });
    if (counted.locked)
      await audit(trx, deps, null, 'auth.account_locked', clerk.id, {
        login: clerk.login,
        until: counted.lockedUntil,
        minutes: LOCKOUT_MINUTES,
      });
  });
  return refused();
}

/** What the administrator is told when the queue is not empty and no confirmation came with the change. */
export function confirmationRequired(queued: number): Result<never> {
  return fail(
    'confirmation_required',
    `Не отправлено в реестр заявлений: ${queued}. Они ушли бы по новому адресу или с новым токеном, поэтому адрес реестра и токен ` +
      'меняются только с подтверждением начальника службы. Попросите его ввести свои логин и пароль ниже или дождитесь, пока очередь отправится.',
    { supervisor: 'Нужно подтверждение начальника службы.' },
  );
}
