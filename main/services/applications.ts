/**
 * The five procedures on the workstation: create (with local preconditions and the duplicate
 * check), print, sign (→ outbox), cancel, read (audited), and the journal. Each state change is
 * one transaction holding the application row, its audit row and, on signing, its outbox row.
 */
import { uuid7 } from './uuid7';
import {
  fieldMessage,
  canTransition,
  defaultMessages,
  fail,
  maskIdNumber,
  ok,
  transitions,
  type ApplicationDetail,
  type ApplicationInput,
  type ApplicationSummary,
  type ParsedInput,
  type PhoneDeferredReason,
  type Result,
} from '../../preload/contract';
import {
  enqueue,
  findApplication,
  findApprovedByIdHash,
  findClerkById,
  findOpenByIdHash,
  createApplication,
  NOT_YET_STAMPED,
  listAuditBySubject,
  clerkNames,
  listJournal,
  transitionApplication,
  type ApplicationPatch,
  type ApplicationRow,
} from '../../db';
import { minskDate, minskDayStart, minskYear, nextDate } from '../domain/minsk-time';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';
import { readUidStatus, registryRefusal, type RegistryRefusal, type UidCheck } from './registry-check';

type Actor = Pick<SessionRecord, 'clerkId' | 'login'>;
type Personal = NonNullable<ApplicationDetail['personal']>;

function summary(row: ApplicationRow, names: Map<string, string>): ApplicationSummary {
  return {
    id: row.id,
    journalNo: row.journalNo,
    procedure: row.procedure,
    state: row.state,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    clerkId: row.clerkId,
    clerkName: names.get(row.clerkId) ?? '—',
    idMasked: row.idMasked,
    phoneConfirmation: row.phoneConfirmation,
    phoneDeferredReason: row.phoneDeferredReason,
    registryUnchecked: row.registryUnchecked,
    refusalReasons: row.refusalReasons,
  };
}

function decrypt(deps: Deps, row: ApplicationRow): Personal | null {
  if (!row.personal) return null;
  return JSON.parse(deps.cipher.decrypt(row.personal, row.id).toString('utf8')) as Personal;
}

async function detail(deps: Deps, row: ApplicationRow): Promise<ApplicationDetail> {
  const names = await clerkNames(deps.db);
  const settings = deps.settings.values();
  const history = (await listAuditBySubject(deps.db, row.id)).map((e) => ({
    at: e.at,
    action: e.action,
    actorLogin: e.actorLogin,
    details: e.details,
  }));
  return {
    ...summary(row, names),
    officeCode: row.officeCode,
    officeName: settings.officeName,
    workstationId: row.workstationId,
    printedAt: row.printedAt,
    signedAt: row.signedAt,
    sentAt: row.sentAt,
    decidedAt: row.decidedAt,
    cancelledAt: row.cancelledAt,
    purged: row.personal === null,
    personal: decrypt(deps, row),
    temporaryPasswordSent: row.temporaryPasswordSent,
    history,
  };
}

type Confirmation = { method: 'none' | 'sms_code' | 'deferred'; deferredReason: PhoneDeferredReason | null };

/**
 * How the phone is confirmed (the seed's third condition): while the registry answers, only by the
 * SMS code verified in this run for this very phone; deferred to the registry only when it does not
 * answer at this moment and the office allows it (`allowDeferredPhone`), with the reason stored.
 */
function phoneConfirmation(deps: Deps, input: ApplicationInput, now: Date, registry: UidCheck): Result<Confirmation> {
  if (!input.phone) return ok({ method: 'none', deferredReason: null });
  if (input.phoneConfirmationId) {
    if (deps.phones.isVerified(input.phoneConfirmationId, deps.cipher.hash('phone', input.phone), now.getTime()))
      return ok({ method: 'sms_code', deferredReason: null });
    const message = fieldMessage('phone.code_not_verified');
    return fail('precondition', message, { phone: message });
  }
  if (registry.online) {
    const message = fieldMessage('phone.confirm_online');
    return fail('precondition', message, { phone: message });
  }
  if (deps.settings.values().allowDeferredPhone) return ok({ method: 'deferred', deferredReason: registry.reason });
  const message = fieldMessage('phone.confirm_offline_forbidden');
  return fail('precondition', message, { phone: message });
}

/** A refusal of the registry check as the clerk gets it, with its audit row (no personal data but the mask). */
async function refuse(
  deps: Deps,
  actor: Actor,
  refusal: RegistryRefusal,
  subject: string | null,
  details: Record<string, unknown>,
): Promise<Result<never>> {
  await audit(deps.db, deps, actor, 'application.registry_refused', subject, { ...details, reason: refusal.reason, ...refusal.params });
  const field = refusal.code === 'recent_application' ? 'confirmRecent' : 'idNumber';
  return fail(
    refusal.code,
    refusal.message,
    { [field]: refusal.message },
    {
      code: refusal.reason,
      ...(refusal.params && { params: refusal.params }),
    },
  );
}

/** Local preconditions that need today's date (the schema already checked the rest). */
function preconditions(input: ApplicationInput, today: string): Result<null> {
  if (input.document.expiresAt < today) {
    return fail('precondition', fieldMessage('expires_at.not_accepted'), { 'document.expiresAt': fieldMessage('expires_at.expired') });
  }
  if (input.document.issuedAt && input.document.issuedAt > today) {
    return fail('validation', defaultMessages.validation, { 'document.issuedAt': fieldMessage('issued_at.future') });
  }
  if (input.person.birthDate > today) {
    return fail('validation', defaultMessages.validation, { 'person.birthDate': fieldMessage('birth_date.future') });
  }
  return ok(null);
}

export async function checkDuplicates(deps: Deps, actor: Actor, input: ParsedInput<'applications.checkDuplicates'>) {
  const idHash = deps.cipher.hash('id', input.idNumber);
  const names = await clerkNames(deps.db);
  const open = await findOpenByIdHash(deps.db, idHash, input.procedure);
  const approved = input.procedure === 'issue' ? await findApprovedByIdHash(deps.db, idHash, 'issue') : [];
  // A hit shows the person's applications to the clerk: who saw which is kept (a miss shows nothing held).
  if (open.length + approved.length > 0) {
    const applications = [...open, ...approved].map((r) => r.journalNo);
    await audit(deps.db, deps, actor, 'journal.searched', null, { source: 'duplicate_check', found: applications.length, applications });
  }
  return ok({ open: open.map((r) => summary(r, names)), approved: approved.map((r) => summary(r, names)) });
}

export async function create(deps: Deps, actor: Actor, input: ApplicationInput): Promise<Result<ApplicationDetail>> {
  const now = deps.clock.now();
  const checked = preconditions(input, minskDate(now));
  if (!checked.ok) return checked;

  const idHash = deps.cipher.hash('id', input.idNumber);
  const settings = deps.settings.values();
  // Without both, the number could repeat another desk's: nothing is numbered until IT or the admin sets them.
  if (settings.officeCode === '' || settings.workstationId === '') {
    return fail('desk_identity_required', defaultMessages.desk_identity_required);
  }
  // Asked before anything is written: what the registry is bound to refuse never reaches the paper.
  const registry = await readUidStatus(deps, input.idNumber);
  if (registry.online) {
    const refusal = registryRefusal(input.procedure, registry.status, { confirmRecent: input.confirmRecent === true, now });
    if (refusal !== null)
      return refuse(deps, actor, refusal, null, { stage: 'create', procedure: input.procedure, idMasked: maskIdNumber(input.idNumber) });
  }
  const confirmation = phoneConfirmation(deps, input, now, registry);
  if (!confirmation.ok) return confirmation;
  // Time-ordered (uuid7.ts): the indexes keyed by it grow at their end.
  const id = uuid7();
  const personal: Personal = {
    idNumber: input.idNumber,
    person: input.person,
    document: input.document,
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.oldPhone ? { oldPhone: input.oldPhone } : {}),
    ...(input.phoneConfirmationId ? { phoneConfirmationId: input.phoneConfirmationId } : {}),
  };
  const at = now.toISOString();

  const year = minskYear(now);
  const outcome = await createApplication(deps.db, {
    idHash,
    procedure: input.procedure,
    officeCode: settings.officeCode,
    workstation: settings.workstationId,
    year,
    build: ({ seq, journalNo }) => ({
      row: {
        id,
        officeCode: settings.officeCode,
        journalYear: year,
        journalSeq: seq,
        journalNo,
        procedure: input.procedure,
        state: 'draft',
        clerkId: actor.clerkId,
        workstationId: settings.workstationId,
        createdAt: at,
        ...NOT_YET_STAMPED,
        updatedAt: at,
        idHash,
        phoneHash: input.phone ? deps.cipher.hash('phone', input.phone) : null,
        idMasked: maskIdNumber(input.idNumber),
        personal: deps.cipher.encrypt(JSON.stringify(personal), id),
        purgedAt: null,
        phoneConfirmation: confirmation.value.method,
        phoneDeferredReason: confirmation.value.deferredReason,
        registryUnchecked: !registry.online,
        refusalReasons: null,
        rejectionProblems: null,
        temporaryPasswordSent: null,
      },
      audit: {
        at,
        actorId: actor.clerkId,
        actorLogin: actor.login,
        action: 'application.created',
        subject: id,
        details: {
          procedure: input.procedure,
          journalNo,
          idMasked: maskIdNumber(input.idNumber),
          registry: registry.online ? 'checked' : registry.reason,
        },
      },
    }),
  });
  if ('duplicates' in outcome) {
    const { open, approved } = outcome.duplicates;
    const existing = open[0] ?? approved[0];
    if (!existing) throw new Error('createApplication reported a duplicate without its row');
    await audit(deps.db, deps, actor, 'application.duplicate_blocked', existing.id, {
      procedure: input.procedure,
      journalNo: existing.journalNo,
    });
    const message = open[0]
      ? fieldMessage('id_number.open_application', { journalNo: existing.journalNo })
      : fieldMessage('id_number.uid_issued', { journalNo: existing.journalNo });
    return fail('duplicate', message, { idNumber: message });
  }
  return ok(await detail(deps, outcome.created));
}

export async function get(deps: Deps, actor: Actor, id: string): Promise<Result<ApplicationDetail>> {
  const row = await findApplication(deps.db, id);
  if (!row) return fail('not_found', defaultMessages.not_found);
  // Who looked at whose personal data is itself a fact to keep.
  await audit(deps.db, deps, actor, 'application.viewed', id, { journalNo: row.journalNo });
  return ok(await detail(deps, row));
}

/** The audit action that records each clerk-driven transition. */
const auditOf = { print: 'application.printed', sign: 'application.signed', cancel: 'application.cancelled' } as const;
type ClerkTransition = keyof typeof auditOf;

async function move(
  deps: Deps,
  actor: Actor,
  id: string,
  name: ClerkTransition,
  extra: Record<string, unknown> = {},
  patch?: ApplicationPatch,
): Promise<Result<ApplicationDetail>> {
  const at = deps.clock.now().toISOString();
  const t = transitions[name];
  const row = await deps.db.transaction(async (trx) => {
    const moved = await transitionApplication(trx, id, { from: t.from, to: t.to, at, ...(patch && { patch }) });
    if (!moved) return null;
    await audit(trx, deps, actor, auditOf[name], id, {
      journalNo: moved.journalNo,
      ...extra,
    });
    if (name === 'sign') {
      // The number and who took it go with the submission as they are now: a retry sends the same body.
      const clerk = await findClerkById(trx, moved.clerkId);
      await enqueue(trx, id, at, {
        journalNo: moved.journalNo,
        ...(clerk !== null && { clerkLogin: clerk.login, clerkName: clerk.fullName }),
      });
    }
    return moved;
  });
  if (!row) {
    const current = await findApplication(deps.db, id);
    if (!current) return fail('not_found', defaultMessages.not_found);
    return fail('invalid_state', defaultMessages.invalid_state);
  }
  return ok(await detail(deps, row));
}

export async function markPrinted(deps: Deps, actor: Actor, id: string): Promise<Result<ApplicationDetail>> {
  const current = await findApplication(deps.db, id);
  if (!current) return fail('not_found', defaultMessages.not_found);
  // Printing again before signing is allowed (a torn page, a second copy) and audited.
  if (!canTransition('print', current.state)) {
    if (current.state === 'cancelled') return fail('invalid_state', defaultMessages.invalid_state);
    await audit(deps.db, deps, actor, 'application.reprinted', id, { journalNo: current.journalNo, state: current.state });
    return ok(await detail(deps, current));
  }
  return move(deps, actor, id, 'print');
}

/**
 * Signing: the document's expiry is checked again (the paper may have waited past midnight), and an
 * application created while the registry did not answer is checked against the registry now, if it
 * answers; if it still does not, it is signed unchecked and the registry decides later.
 */
export async function sign(deps: Deps, actor: Actor, id: string): Promise<Result<ApplicationDetail>> {
  const current = await findApplication(deps.db, id);
  if (!current) return fail('not_found', defaultMessages.not_found);
  if (!canTransition('sign', current.state)) return fail('invalid_state', defaultMessages.invalid_state);
  const personal = decrypt(deps, current);
  if (personal === null) return fail('invalid_state', defaultMessages.invalid_state);
  const now = deps.clock.now();
  if (personal.document.expiresAt < minskDate(now)) {
    const message = fieldMessage('expires_at.expired_before_signing');
    return fail('precondition', message, { 'document.expiresAt': fieldMessage('expires_at.expired') });
  }
  if (!current.registryUnchecked) return move(deps, actor, id, 'sign');
  const registry = await readUidStatus(deps, personal.idNumber);
  if (!registry.online) return move(deps, actor, id, 'sign', { registry: registry.reason });
  const refusal = registryRefusal(current.procedure, registry.status, { confirmRecent: true, now });
  if (refusal !== null)
    return refuse(deps, actor, refusal, id, { stage: 'sign', procedure: current.procedure, journalNo: current.journalNo });
  return move(deps, actor, id, 'sign', { registry: 'checked' }, { registryUnchecked: false });
}
export const cancel = (deps: Deps, actor: Actor, input: ParsedInput<'applications.cancel'>) =>
  move(deps, actor, input.id, 'cancel', { reason: input.reason });

const ALL_TIME = { from: '0000-01-01T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' };

export async function journal(deps: Deps, actor: Actor, input: ParsedInput<'journal.list'>) {
  const today = minskDate(deps.clock.now());
  const from = input.from ?? today;
  const to = input.to ?? today;
  // A number names one application whatever its date: the period does not narrow that search.
  const byNumber = input.journalNo !== undefined;
  const page = await listJournal(deps.db, {
    from: byNumber ? ALL_TIME.from : minskDayStart(from),
    to: byNumber ? ALL_TIME.to : minskDayStart(nextDate(to)),
    journalNo: input.journalNo,
    procedure: input.procedure,
    state: input.state,
    clerkId: input.clerkId,
    idHash: input.idNumber ? deps.cipher.hash('id', input.idNumber) : undefined,
    cursor: input.cursor,
    limit: input.limit,
  });
  // A search by a person's number is a look at personal data: audited with the mask only.
  if (input.idNumber)
    await audit(deps.db, deps, actor, 'journal.searched', null, { idMasked: maskIdNumber(input.idNumber), found: page.rows.length });
  const names = await clerkNames(deps.db);
  return ok({ items: page.rows.map((r) => summary(r, names)), nextCursor: page.nextCursor });
}
