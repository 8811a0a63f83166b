/**
 * How the reference registry decides a submission: the Ministry of Internal Affairs check against
 * the registry file, then the preconditions of the procedure on the UID state (DOMAIN.md §1.2,
 * §1.5). Pure: the server applies the returned effect. A refusal carries every reason that applies,
 * in the order of the contract's enum, so tests and clerks see the full picture at once.
 */
import type { RefusalReason, Submission } from '../../main/central/schemas';
import { refusalReasons } from '../../preload/contract/applications';
import { checkIdNumber } from '../../preload/contract/id-number';
import { matchPerson, type RegistryPerson, type UidRecord } from './registry';

export type Confirmation = {
  id: string;
  phone: string;
  code: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  verified: boolean;
};

export type DecisionContext = {
  people: ReadonlyMap<string, RegistryPerson>;
  uids: ReadonlyMap<string, UidRecord>;
  confirmations: ReadonlyMap<string, Confirmation>;
  /** Minsk calendar date, YYYY-MM-DD: a document is expired when its expiresAt is before it. */
  today: string;
  /** ISO instant of the decision. */
  now: string;
  /** Accepted while another submission of the same procedure for the same person was undecided (1.1). */
  duplicatePending?: boolean;
};

export type Verdict =
  | { outcome: 'approved'; uid: string; temporaryPasswordSent: boolean; effect: UidRecord }
  | { outcome: 'refused'; reasons: RefusalReason[] };

export function decide(submission: Submission, ctx: DecisionContext): Verdict {
  const reasons = new Set<RefusalReason>();
  const { idNumber, procedure } = submission;

  // A number with an impossible birth date is not a valid document (one failing its check digit
  // never gets here: the registry rejects the submission, submissions.ts).
  if (!checkIdNumber(idNumber).ok) reasons.add('DOCUMENT_INVALID');
  const match = matchPerson(ctx.people, submission);
  if (!match.matched) reasons.add('VERIFICATION_MISMATCH');
  if (match.matched && match.document.invalid === true) reasons.add('DOCUMENT_INVALID');
  // The registry's own expiry wins over a mistyped one, and a past date on the form is refused too.
  if (submission.document.expiresAt < ctx.today || (match.matched && match.document.expiresAt < ctx.today)) {
    reasons.add('DOCUMENT_EXPIRED');
  }

  if (ctx.duplicatePending === true) reasons.add('DUPLICATE_PENDING');
  const uid = ctx.uids.get(idNumber);
  const checkNewPhone = (): void => {
    const phone = submission.phone;
    // The schema requires phone for issue and change_phone; an item without it never gets here.
    if (phone === undefined) return;
    for (const [holder, record] of ctx.uids) {
      if (holder !== idNumber && record.phone === phone) reasons.add('PHONE_IN_USE');
    }
    const confirmation = submission.phoneConfirmation;
    if (confirmation === undefined) {
      reasons.add('PHONE_NOT_CONFIRMED');
    } else if (confirmation.method === 'sms_code') {
      const c = ctx.confirmations.get(confirmation.confirmationId);
      if (c === undefined || !c.verified || c.phone !== phone) reasons.add('PHONE_NOT_CONFIRMED');
    }
    // 'deferred': taken offline; the real registry confirms the number itself (a call or an SMS
    // of its own) before it decides. The reference registry treats that check as passed.
  };

  switch (procedure) {
    case 'issue':
      if (uid !== undefined) reasons.add('UID_ALREADY_ASSIGNED');
      checkNewPhone();
      break;
    case 'block':
      if (uid === undefined) reasons.add('UID_NOT_ASSIGNED');
      else if (uid.state === 'blocked') reasons.add('UID_ALREADY_BLOCKED');
      break;
    case 'unblock':
      if (uid === undefined) reasons.add('UID_NOT_ASSIGNED');
      else if (uid.state === 'active') reasons.add('UID_NOT_BLOCKED');
      break;
    case 'change_phone':
      if (uid === undefined) reasons.add('UID_NOT_ASSIGNED');
      else if (uid.state === 'blocked') reasons.add('UID_ALREADY_BLOCKED');
      checkNewPhone();
      break;
    case 'reset_password':
      if (uid === undefined) reasons.add('UID_NOT_ASSIGNED');
      else if (uid.state === 'blocked') reasons.add('UID_ALREADY_BLOCKED');
      break;
  }

  if (reasons.size > 0) return { outcome: 'refused', reasons: refusalReasons.filter((r) => reasons.has(r)) };

  const phone = submission.phone;
  switch (procedure) {
    case 'issue':
      // Unreachable without a phone (schema); the type needs the guard.
      if (phone === undefined) return { outcome: 'refused', reasons: ['PHONE_NOT_CONFIRMED'] };
      return { outcome: 'approved', uid: idNumber, temporaryPasswordSent: true, effect: { state: 'active', phone, assignedAt: ctx.now } };
    case 'change_phone':
      if (phone === undefined || uid === undefined) return { outcome: 'refused', reasons: ['PHONE_NOT_CONFIRMED'] };
      return { outcome: 'approved', uid: idNumber, temporaryPasswordSent: false, effect: { ...uid, phone } };
    case 'block':
    case 'unblock':
    case 'reset_password': {
      if (uid === undefined) return { outcome: 'refused', reasons: ['UID_NOT_ASSIGNED'] };
      const state = procedure === 'block' ? 'blocked' : procedure === 'unblock' ? 'active' : uid.state;
      return { outcome: 'approved', uid: idNumber, temporaryPasswordSent: procedure === 'reset_password', effect: { ...uid, state } };
    }
  }
}
