/**
 * The central registry API (docs/design/central-api.yaml) as zod schemas, shared by the workstation's
 * client and the reference server in test/central/. Requests that the registry validates are strict
 * objects (an unknown field is an error, so a typo never passes silently); responses are plain
 * objects, so the registry may add fields without breaking a workstation that does not know them.
 */
import { z } from 'zod';
import { documentTypes, procedures } from '../../preload/contract/applications';
import { ID_NUMBER_PATTERN } from '../../preload/contract/id-number';

/** central-api.yaml `Phone`: E.164, +375 and a mobile operator code (narrower checks are the workstation's). */
export const PHONE_PATTERN = /^\+375(25|29|33|44)[0-9]{7}$/;

const isoDate = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });

export const IdNumber = z.string().regex(ID_NUMBER_PATTERN, 'Expected a 14-character identification number like 3270287A012PB2');
export type IdNumber = z.infer<typeof IdNumber>;

export const Phone = z.string().regex(PHONE_PATTERN, 'Expected a Belarusian mobile number in E.164, like +375291234567');
export type Phone = z.infer<typeof Phone>;

export const Procedure = z.enum(procedures);
export type Procedure = z.infer<typeof Procedure>;

export const DocumentType = z.enum(documentTypes);
export type DocumentType = z.infer<typeof DocumentType>;

/**
 * central-api.yaml 1.1: reasons are open ("a known code, or a code added later"). A code this build
 * does not know is kept and shown by its code; only its shape is checked, so that a page of
 * decisions never fails to parse because the registry learned a new word.
 */
export const RefusalReason = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'Expected a refusal code like UID_ALREADY_ASSIGNED');
export type RefusalReason = z.infer<typeof RefusalReason>;

export const Person = z.strictObject({
  surname: z.string().min(1).max(100),
  givenNames: z.string().min(1).max(100),
  patronymic: z.string().max(100).optional(),
  birthDate: isoDate,
  sex: z.enum(['M', 'F']),
  citizenship: z.string().regex(/^[A-Z]{3}$/, 'Expected an ICAO alpha-3 code like BLR'),
});
export type Person = z.infer<typeof Person>;

export const IdentityDocument = z.strictObject({
  type: DocumentType,
  series: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Expected two Latin capitals like MP')
    .optional(),
  number: z.string().min(1).max(20),
  issuedAt: isoDate.optional(),
  expiresAt: isoDate,
  issuer: z.string().max(200).optional(),
});
export type IdentityDocument = z.infer<typeof IdentityDocument>;

export const PhoneConfirmation = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('sms_code'), confirmationId: z.uuid() }),
  /** Taken offline: the registry confirms the phone itself before it decides. */
  z.strictObject({ method: z.literal('deferred') }),
]);
export type PhoneConfirmation = z.infer<typeof PhoneConfirmation>;

/** Procedures whose submission must carry `phone` (for change_phone: the new number). */
export const PROCEDURES_WITH_PHONE: readonly Procedure[] = ['issue', 'change_phone'];

export const Submission = z
  .strictObject({
    id: z.uuid(),
    procedure: Procedure,
    idNumber: IdNumber,
    person: Person,
    document: IdentityDocument,
    phone: Phone.optional(),
    phoneConfirmation: PhoneConfirmation.optional(),
    consentToVerification: z.literal(true),
    officeCode: z.string().min(1).max(32),
    workstationId: z.string().min(1).max(64),
    clerkId: z.string().min(1).max(64),
    /** 1.1, for the office summary. */
    clerkLogin: z.string().max(32).optional(),
    clerkName: z.string().max(120).optional(),
    /** 1.1: the number printed on the paper application, unique within the office. */
    journalNo: z.string().max(32).optional(),
    signedAt: dateTime,
  })
  .refine((item) => !(PROCEDURES_WITH_PHONE.includes(item.procedure) && item.phone === undefined), {
    // The yaml says it in prose ("required for issue and change_phone"); the schema enforces it.
    path: ['phone'],
    message: 'phone is required for issue and change_phone',
    params: { code: 'required' },
    // Checked even when other fields are wrong, so that every problem is reported at once.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type Submission = z.infer<typeof Submission>;

export const SubmissionsRequest = z.strictObject({ items: z.array(Submission).min(1).max(100) });
export type SubmissionsRequest = z.infer<typeof SubmissionsRequest>;

export const MAX_SUBMISSIONS_PER_REQUEST = 100;

export const FieldProblem = z.object({
  /** JSON pointer into the item (or the request body), e.g. /person/birthDate. */
  path: z.string(),
  code: z.string(),
  message: z.string().optional(),
});
export type FieldProblem = z.infer<typeof FieldProblem>;

export const SubmissionStatus = z.enum(['accepted', 'duplicate', 'rejected']);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export const SubmissionResult = z.object({
  id: z.uuid(),
  status: SubmissionStatus,
  problems: z.array(FieldProblem).optional(),
});
export type SubmissionResult = z.infer<typeof SubmissionResult>;

export const SubmissionsResponse = z.object({ results: z.array(SubmissionResult) });
export type SubmissionsResponse = z.infer<typeof SubmissionsResponse>;

export const Decision = z.object({
  submissionId: z.uuid(),
  cursor: z.string(),
  outcome: z.enum(['approved', 'refused']),
  uid: IdNumber.optional(),
  reasons: z.array(RefusalReason).optional(),
  temporaryPasswordSent: z.boolean().optional(),
  decidedAt: dateTime,
});
export type Decision = z.infer<typeof Decision>;

export const DecisionsPage = z.object({
  items: z.array(Decision),
  /** The cursor for the next page; null when there is no more now. */
  next: z.string().nullable(),
});
export type DecisionsPage = z.infer<typeof DecisionsPage>;

/**
 * The page as the workstation reads it: each item is checked on its own (Decision), so one
 * malformed item is set aside instead of failing the whole page and stopping the cursor.
 */
export const RawDecisionsPage = z.object({
  items: z.array(z.unknown()),
  /** The cursor for the next page; null when there is no more now. */
  next: z.string().nullable(),
});
export type RawDecisionsPage = z.infer<typeof RawDecisionsPage>;

export const MAX_DECISIONS_LIMIT = 500;
export const DEFAULT_DECISIONS_LIMIT = 100;

export const DecisionsQuery = z.strictObject({
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_DECISIONS_LIMIT).default(DEFAULT_DECISIONS_LIMIT),
});
export type DecisionsQuery = z.infer<typeof DecisionsQuery>;

export const UidState = z.enum(['none', 'active', 'blocked']);
export type UidState = z.infer<typeof UidState>;

/** 1.1 `ApplicationRef`: one of the person's applications the registry holds, from any workstation. */
export const ApplicationRef = z.object({
  procedure: Procedure,
  officeCode: z.string(),
  workstationId: z.string(),
  journalNo: z.string().optional(),
  submittedAt: dateTime,
});
export type ApplicationRef = z.infer<typeof ApplicationRef>;

export const RecentApplication = ApplicationRef.extend({ outcome: z.enum(['approved', 'refused']), decidedAt: dateTime });
export type RecentApplication = z.infer<typeof RecentApplication>;

export const UidStatus = z.object({
  idNumber: IdNumber,
  state: UidState,
  /** e.g. '+375 29 ***-**-67' */
  phoneMasked: z.string().optional(),
  assignedAt: dateTime.optional(),
  /** 1.1: submissions the registry holds undecided, from any workstation. */
  pending: z.array(ApplicationRef).optional(),
  /** 1.1: decided in the last 24 hours, from any workstation. */
  recent: z.array(RecentApplication).optional(),
});
export type UidStatus = z.infer<typeof UidStatus>;

/** RFC 9457 problem document (application/problem+json). */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(FieldProblem).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Health = z.object({ status: z.literal('ok'), time: dateTime });
export type Health = z.infer<typeof Health>;

/** 1.1: with `idNumber`, a phone tied to another person's UID is refused (409 …/phone-in-use) before any SMS. */
export const PhoneConfirmationRequest = z.strictObject({ phone: Phone, idNumber: IdNumber.optional() });
export type PhoneConfirmationRequest = z.infer<typeof PhoneConfirmationRequest>;

export const PhoneConfirmationCreated = z.object({ confirmationId: z.uuid(), expiresAt: dateTime });
export type PhoneConfirmationCreated = z.infer<typeof PhoneConfirmationCreated>;

export const VerifyRequest = z.strictObject({ code: z.string().regex(/^[0-9]{6}$/, 'Expected 6 digits') });
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const VerifyResult = z.object({ verified: z.boolean(), attemptsLeft: z.number().int().min(0) });
export type VerifyResult = z.infer<typeof VerifyResult>;

/** The code (FieldProblem.code) of a zod issue: a custom issue may name its own in `params.code`. */
function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') {
    const own: unknown = issue.params?.['code'];
    if (typeof own === 'string') return own;
  }
  return issue.code;
}

/** RFC 6901: '~' → '~0', '/' → '~1'. */
const pointerSegment = (segment: PropertyKey): string => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

export const jsonPointer = (path: readonly PropertyKey[]): string => path.map((s) => `/${pointerSegment(s)}`).join('');

/**
 * Zod issues as FieldProblems with JSON pointers (relative to `base`). An unknown key is reported at
 * the key itself (/person/nickname), not at its object, so the clerk sees which field is wrong.
 */
export function toFieldProblems(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[] = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: jsonPointer([...base, ...issue.path, key]), code: issue.code, message: `Unrecognized key: "${key}"` });
      }
    } else {
      problems.push({ path: jsonPointer([...base, ...issue.path]), code: issueCode(issue), message: issue.message });
    }
  }
  return problems;
}

/** central-api.yaml 1.1 `AuditAnchor`: the head of a workstation's audit chain at one moment. */
export const AuditAnchor = z.strictObject({
  workstationId: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  at: dateTime,
});
export type AuditAnchor = z.infer<typeof AuditAnchor>;

/** GET /v1/audit-anchors: newest first. Items are read leniently (unknown fields ignored), like other answers. */
export const AuditAnchorsPage = z.object({ items: z.array(AuditAnchor.loose()) });
export type AuditAnchorsPage = z.infer<typeof AuditAnchorsPage>;

/** POST /v1/audit-anchors answers 201 with no body the contract defines: anything is accepted, nothing kept. */
export const AnchorRecorded = z.unknown().transform(() => null);

const count = z.number().int().nonnegative();
const Count = z.object({ key: z.string(), count });

/** Period query of the office summary (Minsk days, both inclusive); the bounds' rules are checked by the caller. */
export const OfficeSummaryQuery = z.strictObject({ from: isoDate, to: isoDate });
export type OfficeSummaryQuery = z.infer<typeof OfficeSummaryQuery>;

/** central-api.yaml 1.1 `OfficeSummary`: counts of what the registry received from the office's desks, no personal data. */
export const OfficeSummary = z.object({
  officeCode: z.string(),
  from: isoDate,
  to: isoDate,
  total: count,
  byDay: z.array(z.object({ date: isoDate, count })),
  byProcedure: z.array(Count),
  byWorkstation: z.array(Count),
  byClerk: z.array(z.object({ clerkLogin: z.string(), clerkName: z.string().optional(), count })),
  /** approved, refused, pending (received, not decided). */
  byOutcome: z.array(Count),
});
export type OfficeSummary = z.infer<typeof OfficeSummary>;
