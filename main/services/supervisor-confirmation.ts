/**
 * A supervisor confirms, at the administrator's desk, a change that would send the queued
 * applications somewhere else (the registry's address or token). The supervisor's password is
 * checked as at login, through the same one-at-a-time check and atomic failure count
 * (password-checks.ts): a wrong password counts, five lock the account for everything, and a
 * locked or disabled account, an unknown login or one that is not a supervisor all get the same
 * answer as a wrong password — the real reason is only in the audit.
 */
import { fail, fieldMessage, ok, type Result, type SupervisorConfirmation } from '../../preload/contract';
import { findClerkByLogin } from '../../db';
import { audit, type Deps } from './deps';
import { checkPassword } from './password-checks';
import { decoyHash, verifyPassword } from './passwords';

export interface Confirmer {
  clerkId: string;
  login: string;
}

const REFUSED = fieldMessage('supervisor.refused');

function refused(): Result<never> {
  return fail('invalid_credentials', REFUSED, { 'supervisor.password': REFUSED });
}

export async function confirmBySupervisor(
  deps: Deps,
  actor: { clerkId: string },
  input: SupervisorConfirmation,
  what: string,
): Promise<Result<Confirmer>> {
  const clerk = await findClerkByLogin(deps.db, input.login);
  // A password an administrator set (a new account, a reset) is known to the administrator, who
  // must not be able to confirm their own change with it: it counts only once the supervisor chose it.
  if (!clerk || clerk.role !== 'supervisor' || clerk.id === actor.clerkId || clerk.mustChangePassword) {
    // Same work as a real check, so timing does not tell these cases apart.
    await verifyPassword(input.password, await decoyHash());
    const reason = !clerk
      ? 'unknown_login'
      : clerk.role !== 'supervisor' || clerk.id === actor.clerkId
        ? 'not_supervisor'
        : 'password_not_chosen';
    const details = { login: input.login, via: 'confirmation', what, reason };
    await audit(deps.db, deps, null, clerk ? 'auth.login_refused' : 'auth.login_failed', clerk?.id ?? null, details);
    return refused();
  }
  const checked = await checkPassword(deps, clerk.id, input.password, 'confirmation', async (c) => ({ clerkId: c.id, login: c.login }));
  return checked.kind === 'right' ? ok(checked.value) : refused();
}

/** What the administrator is told when the queue is not empty and no confirmation came with the change. */
export function confirmationRequired(queued: number): Result<never> {
  return fail(
    'confirmation_required',
    `Не отправлено в реестр заявлений: ${queued}. Они ушли бы по новому адресу или с новым токеном, поэтому адрес реестра и токен ` +
      'меняются только с подтверждением начальника службы. Попросите его ввести свои логин и пароль ниже или дождитесь, пока очередь отправится.',
    { supervisor: fieldMessage('supervisor.required') },
  );
}
