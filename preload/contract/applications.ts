/**
 * Applications: the five procedures, their states, the data a clerk enters, and the legal
 * transitions between states. Shared by the renderer (forms, labels) and main (the authority).
 */
import { z } from 'zod';
import { fieldMessage } from './field-messages';
import { checkIdNumber, CYRILLIC_TO_LATIN, idNumberSchema } from './id-number';
import { phoneSchema } from './phone';

export const procedures = ['issue', 'block', 'unblock', 'change_phone', 'reset_password'] as const;
export type Procedure = (typeof procedures)[number];

export const applicationStates = ['draft', 'awaiting_signature', 'queued', 'sent', 'approved', 'refused', 'cancelled', 'rejected'] as const;
export type ApplicationState = (typeof applicationStates)[number];
export const openStates = ['draft', 'awaiting_signature', 'queued', 'sent'] as const satisfies readonly ApplicationState[];

/**
 * The state machine. Anything not listed is impossible: the repository's conditional update
 * takes its `from` states from here, so an illegal transition changes nothing.
 */
export const transitions = {
  print: { from: ['draft'], to: 'awaiting_signature' },
  sign: { from: ['awaiting_signature'], to: 'queued' },
  cancel: { from: ['draft', 'awaiting_signature'], to: 'cancelled' },
  send: { from: ['queued'], to: 'sent' },
  approve: { from: ['sent'], to: 'approved' },
  refuse: { from: ['sent'], to: 'refused' },
  reject: { from: ['queued', 'sent'], to: 'rejected' },
} as const satisfies Record<string, { from: readonly ApplicationState[]; to: ApplicationState }>;
export type TransitionName = keyof typeof transitions;

export function canTransition(name: TransitionName, state: ApplicationState): boolean {
  return (transitions[name].from as readonly ApplicationState[]).includes(state);
}

export const documentTypes = [
  'passport_by',
  'id_card_by',
  'residence_permit_by',
  'biometric_residence_permit_by',
  'refugee_certificate_by',
  'travel_document_stateless_by',
] as const;
export type DocumentType = (typeof documentTypes)[number];

export const refusalReasons = [
  'DOCUMENT_INVALID',
  'DOCUMENT_EXPIRED',
  'UID_ALREADY_ASSIGNED',
  'UID_NOT_ASSIGNED',
  'UID_ALREADY_BLOCKED',
  'UID_NOT_BLOCKED',
  'PHONE_NOT_CONFIRMED',
  'PHONE_IN_USE',
  'VERIFICATION_MISMATCH',
  'DUPLICATE_PENDING',
] as const;
/** The codes this build has words for; the registry may send others (central-api.yaml 1.1), kept and shown by code. */
export type RefusalReason = (typeof refusalReasons)[number];

/** Why a phone confirmation was deferred (stored on the application, printed on the form). */
export const phoneDeferredReasons = ['registry_unreachable', 'registry_not_configured'] as const;
export type PhoneDeferredReason = (typeof phoneDeferredReasons)[number];

/** Which phone a procedure needs: issue needs the citizen's mobile, a change needs the new one. */
export const needsPhone = (p: Procedure) => p === 'issue' || p === 'change_phone';

type CyrillicName = 'surname' | 'given_names' | 'patronymic';
const cyrillicName = (key: CyrillicName, required: boolean) => {
  const base = z
    .string()
    .trim()
    .max(100, fieldMessage(`${key}.too_long`))
    .regex(/^[А-Яа-яЁёІіЎўʼ'’ -]*$/, fieldMessage(`${key}.letters`));
  return required && key !== 'patronymic' ? base.min(1, fieldMessage(`${key}.required`)) : base;
};

/** Names in Latin as the MRZ has them (filled by the reader; may be cut short by the MRZ length). */
const latinName = (key: 'surname_latin' | 'given_names_latin') =>
  z
    .string()
    .trim()
    .toUpperCase()
    .max(100, fieldMessage(`${key}.too_long`))
    .regex(/^[A-Z '-]*$/, fieldMessage(`${key}.letters`))
    .optional();

const isoDate = (key: 'birth_date' | 'issued_at' | 'expires_at') => z.iso.date(fieldMessage(`${key}.format`));

export const personSchema = z.strictObject({
  surname: cyrillicName('surname', true),
  givenNames: cyrillicName('given_names', true),
  patronymic: cyrillicName('patronymic', false).optional(),
  surnameLatin: latinName('surname_latin'),
  givenNamesLatin: latinName('given_names_latin'),
  birthDate: isoDate('birth_date'),
  sex: z.enum(['M', 'F'], fieldMessage('sex.choose')),
  citizenship: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, fieldMessage('citizenship.format')),
});
export type Person = z.infer<typeof personSchema>;

/** Document series and number are typed on a Russian layout too: Cyrillic look-alikes become Latin. */
const latinUpper = (v: string) =>
  v
    .trim()
    .toUpperCase()
    .replace(/[АВЕКМНОРСТХУІ]/g, (c) => CYRILLIC_TO_LATIN[c] ?? c);

export const documentSchema = z.strictObject({
  type: z.enum(documentTypes, fieldMessage('document_type.choose')),
  series: z
    .string()
    .transform(latinUpper)
    .pipe(z.string().regex(/^([A-Z]{2})?$/, fieldMessage('series.format')))
    .optional(),
  number: z
    .string()
    .transform(latinUpper)
    .pipe(z.string().regex(/^[A-Z0-9]{1,20}$/, fieldMessage('document_number.format'))),
  issuedAt: isoDate('issued_at').optional(),
  expiresAt: isoDate('expires_at'),
  issuer: z.string().trim().max(200, fieldMessage('issuer.too_long')).optional(),
});
export type IdentityDocument = z.infer<typeof documentSchema>;

export const applicationInput = z
  .strictObject({
    procedure: z.enum(procedures, fieldMessage('procedure.choose')),
    idNumber: idNumberSchema,
    person: personSchema,
    document: documentSchema,
    phone: phoneSchema.optional(),
    oldPhone: phoneSchema.optional(),
    /** A confirmation verified with the SMS code (`phone.verifyCode`); absent: deferred, if allowed. */
    phoneConfirmationId: z.uuid().optional(),
    consent: z.literal(true, fieldMessage('consent.required')),
    /** The clerk confirmed with the citizen that another new password is wanted within 24 h of the last one. */
    confirmRecent: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (needsPhone(v.procedure) && !v.phone) {
      const message = fieldMessage(v.procedure === 'change_phone' ? 'phone.new_required' : 'phone.required');
      ctx.addIssue({ code: 'custom', path: ['phone'], message });
    }
    if (!needsPhone(v.procedure) && v.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: fieldMessage('phone.not_for_procedure') });
    if (!needsPhone(v.procedure) && v.phoneConfirmationId)
      ctx.addIssue({ code: 'custom', path: ['phoneConfirmationId'], message: fieldMessage('phone.no_confirmation_for_procedure') });
    if (v.procedure !== 'change_phone' && v.oldPhone)
      ctx.addIssue({ code: 'custom', path: ['oldPhone'], message: fieldMessage('old_phone.only_change') });
    if (v.procedure === 'change_phone' && v.phone && v.oldPhone === v.phone) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: fieldMessage('phone.same_as_old') });
    }
    // The identification number carries birth date and sex: they must agree with the person.
    const id = checkIdNumber(v.idNumber);
    if (id.ok) {
      if (id.birthDate !== v.person.birthDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['person', 'birthDate'],
          message: fieldMessage('birth_date.id_mismatch'),
        });
      }
      if (id.sex !== v.person.sex) {
        ctx.addIssue({
          code: 'custom',
          path: ['person', 'sex'],
          message: fieldMessage('sex.id_mismatch'),
        });
      }
    }
  });
export type ApplicationInput = z.output<typeof applicationInput>;

export const applicationSummarySchema = z.object({
  id: z.uuid(),
  journalNo: z.string(),
  procedure: z.enum(procedures),
  state: z.enum(applicationStates),
  createdAt: z.string(),
  updatedAt: z.string(),
  clerkId: z.string(),
  clerkName: z.string(),
  idMasked: z.string(),
  phoneConfirmation: z.enum(['none', 'sms_code', 'deferred']),
  /** Why the phone confirmation was deferred (null when it was not): the registry did not answer, or none is set up. */
  phoneDeferredReason: z.enum(phoneDeferredReasons).nullable(),
  /** Created while the registry did not answer: its UID state is checked at signing («не проверено в реестре»). */
  registryUnchecked: z.boolean(),
  refusalReasons: z.array(z.string()).nullable(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const historyEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actorLogin: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const applicationDetailSchema = applicationSummarySchema.extend({
  officeCode: z.string(),
  officeName: z.string(),
  workstationId: z.string(),
  printedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  purged: z.boolean(),
  /** Null once the retention period has purged the personal data. */
  personal: z
    .object({
      idNumber: z.string(),
      person: personSchema,
      document: documentSchema,
      phone: z.string().optional(),
      oldPhone: z.string().optional(),
      phoneConfirmationId: z.string().optional(),
      /** The UID the registry assigned (for a Belarusian citizen, the identification number). */
      uid: z.string().optional(),
    })
    .nullable(),
  temporaryPasswordSent: z.boolean().nullable(),
  history: z.array(historyEntrySchema),
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

export const duplicateCheckInput = z.strictObject({ procedure: z.enum(procedures), idNumber: idNumberSchema });
export const duplicatesSchema = z.object({ open: z.array(applicationSummarySchema), approved: z.array(applicationSummarySchema) });

const localDate = z.iso.date(fieldMessage('date.iso'));
export const journalInput = z
  .strictObject({
    from: localDate.optional(),
    to: localDate.optional(),
    procedure: z.enum(procedures).optional(),
    state: z.enum(applicationStates).optional(),
    clerkId: z.uuid(fieldMessage('clerk_id.invalid')).optional(),
    idNumber: idNumberSchema.optional(),
    /** A journal number, either form ('2026/000123', '2026/03-000123'); searched whatever its date. */
    journalNo: z
      .string()
      .trim()
      .regex(/^[0-9]{4}\/([0-9]{2}-)?[0-9]{6,}$/, fieldMessage('journal_no.format'))
      .optional(),
    cursor: z.strictObject({ createdAt: z.string().max(40), id: z.uuid() }).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: fieldMessage('period.reversed') });
export const journalPageSchema = z.object({
  items: z.array(applicationSummarySchema),
  nextCursor: z.object({ createdAt: z.string(), id: z.string() }).nullable(),
});

export const applicationIdInput = z.strictObject({ id: z.uuid(fieldMessage('application_id.invalid')) });
export const cancelInput = z.strictObject({
  id: z.uuid(fieldMessage('application_id.invalid')),
  reason: z.string().trim().min(3, fieldMessage('cancel.reason_required')).max(300, fieldMessage('cancel.reason_too_long')),
});
