/**
 * Online use of the registry from the counter: the SMS code that confirms a phone and the UID
 * lookup. Offline answers say plainly that the registry cannot be reached.
 */
import {
  fieldMessage,
  defaultMessages,
  fail,
  maskIdNumber,
  maskPhone,
  ok,
  refusalReasonMessages,
  type ParsedInput,
  type Result,
} from '../../preload/contract';
import { describeFailure, type CentralFailure } from '../central/client';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';

type Actor = Pick<SessionRecord, 'clerkId' | 'login'>;

/**
 * Confirmations this run has seen verified: id → the phone's lookup hash and the clerk who asked
 * for the code. Kept in memory only, and only for that clerk's session: a logout forgets them.
 */
export interface PhoneConfirmations {
  sent(confirmationId: string, phoneHash: string, expiresAt: number, clerkId: string): void;
  verified(confirmationId: string): void;
  /** True when this confirmation was verified for this very phone and has not expired. */
  isVerified(confirmationId: string, phoneHash: string, now: number): boolean;
  /** The clerk's session ended: their confirmations go with it. */
  forgetClerk(clerkId: string): void;
}

export function createPhoneConfirmations(): PhoneConfirmations {
  const known = new Map<string, { phoneHash: string; expiresAt: number; verified: boolean; clerkId: string }>();
  return {
    sent(id, phoneHash, expiresAt, clerkId) {
      known.set(id, { phoneHash, expiresAt, verified: false, clerkId });
    },
    verified(id) {
      const c = known.get(id);
      if (c) c.verified = true;
    },
    isVerified(id, phoneHash, now) {
      const c = known.get(id);
      // A code verified shortly before expiry still counts for the application taken right after it.
      return c !== undefined && c.verified && c.phoneHash === phoneHash && now <= c.expiresAt + 30 * 60_000;
    },
    forgetClerk(clerkId) {
      for (const [id, c] of known) if (c.clerkId === clerkId) known.delete(id);
    },
  };
}

type OfflineWhat = 'registry.offline_code_not_sent' | 'registry.offline_code_not_checked' | 'registry.offline_lookup';

function unavailable(deps: Deps, failure: CentralFailure, what: OfflineWhat): Result<never> {
  deps.sync.reportOffline(failure);
  if (failure.kind === 'network') return fail('unavailable', fieldMessage(what));
  return fail('unavailable', describeFailure(failure));
}

const NOT_CONFIGURED = fieldMessage('registry.not_configured');

export async function sendCode(deps: Deps, actor: Actor, input: ParsedInput<'phone.sendCode'>) {
  const api = deps.sync.client();
  if (api === null) return fail('unavailable', NOT_CONFIGURED);
  const r = await api.sendCode(input.phone, input.idNumber);
  if (!r.ok) {
    if (r.failure.kind === 'http' && r.failure.status === 409 && (r.failure.problem?.type ?? '').endsWith('/phone-in-use')) {
      // Refused before any SMS: the number belongs to someone else's UID; the citizen needs another one.
      await audit(deps.db, deps, actor, 'application.registry_refused', null, {
        stage: 'send_code',
        reason: 'PHONE_IN_USE',
        phoneMasked: maskPhone(input.phone),
      });
      const message = `Код не отправлен: ${refusalReasonMessages.PHONE_IN_USE}`;
      return fail('precondition', message, { phone: message }, { code: 'PHONE_IN_USE' });
    }
    if (r.failure.kind === 'http' && r.failure.status === 429) {
      const seconds = r.failure.retryAfterMs === null ? null : Math.ceil(r.failure.retryAfterMs / 1000);
      return fail(
        'unavailable',
        seconds === null ? fieldMessage('sms_code.sent_recently') : fieldMessage('sms_code.sent_recently_wait', { seconds }),
      );
    }
    if (r.failure.kind === 'http' && r.failure.status === 422)
      return fail('validation', defaultMessages.validation, { phone: fieldMessage('phone.registry_rejects') });
    // The form adds what the clerk can do instead (deferred confirmation, if the office allows it).
    return unavailable(deps, r.failure, 'registry.offline_code_not_sent');
  }
  deps.phones.sent(r.value.confirmationId, deps.cipher.hash('phone', input.phone), Date.parse(r.value.expiresAt), actor.clerkId);
  await audit(deps.db, deps, actor, 'phone.code_sent', null, { phoneMasked: maskPhone(input.phone) });
  return ok(r.value);
}

export async function verifyCode(deps: Deps, actor: Actor, input: ParsedInput<'phone.verifyCode'>) {
  const api = deps.sync.client();
  if (api === null) return fail('unavailable', NOT_CONFIGURED);
  const r = await api.verifyCode(input.confirmationId, input.code);
  if (!r.ok) {
    if (r.failure.kind === 'http' && (r.failure.status === 404 || r.failure.status === 410))
      return fail('precondition', fieldMessage('sms_code.expired'), { code: fieldMessage('sms_code.send_new') });
    return unavailable(deps, r.failure, 'registry.offline_code_not_checked');
  }
  if (r.value.verified) deps.phones.verified(input.confirmationId);
  await audit(deps.db, deps, actor, 'phone.code_checked', null, { verified: r.value.verified, attemptsLeft: r.value.attemptsLeft });
  return ok(r.value);
}

export async function lookup(deps: Deps, actor: Actor, input: ParsedInput<'citizens.lookup'>) {
  const api = deps.sync.client();
  if (api === null) return fail('unavailable', NOT_CONFIGURED);
  const r = await api.uid(input.idNumber);
  if (!r.ok) return unavailable(deps, r.failure, 'registry.offline_lookup');
  // Looking a person up is a look at personal data: audited with the mask only.
  await audit(deps.db, deps, actor, 'citizen.looked_up', null, { idMasked: maskIdNumber(input.idNumber), state: r.value.state });
  return ok({
    state: r.value.state,
    ...(r.value.phoneMasked !== undefined && { phoneMasked: r.value.phoneMasked }),
    ...(r.value.assignedAt !== undefined && { assignedAt: r.value.assignedAt }),
    ...(r.value.pending !== undefined && { pending: r.value.pending }),
    ...(r.value.recent !== undefined && { recent: r.value.recent }),
  });
}
