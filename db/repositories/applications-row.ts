/**
 * The application row: its shape, the vocabulary, and the one mapping between the table's
 * snake_case and the camelCase the rest of the app uses. The repository modules beside this one
 * (applications-create, -read, -transitions, -retention) each do one job on this row.
 *
 * `personal` is ciphertext (db/crypto.ts, AAD = the application id): these modules never see a
 * name, document or phone in clear. Lookups go through keyed hashes (`idHash`, `phoneHash`), and
 * lists show `idMasked`. Encrypting, hashing and masking are the caller's job, so the repository
 * cannot be the place where clear personal data leaks into the file.
 */
import type { Db } from '../types';

// The vocabulary is the contract's: one list of procedures and states for every layer.
export { procedures, applicationStates, openStates } from '../../preload/contract/applications';
export type { Procedure, ApplicationState } from '../../preload/contract/applications';
import {
  applicationStates,
  phoneDeferredReasons,
  procedures,
  type ApplicationState,
  type PhoneDeferredReason,
  type Procedure,
} from '../../preload/contract/applications';

export const phoneConfirmations = ['none', 'sms_code', 'deferred'] as const;
export type PhoneConfirmation = (typeof phoneConfirmations)[number];

export interface ApplicationRow {
  id: string;
  officeCode: string;
  journalYear: number;
  journalSeq: number;
  /** '2026/000123': unique per office. */
  journalNo: string;
  procedure: Procedure;
  state: ApplicationState;
  clerkId: string;
  workstationId: string;
  /** ISO UTC instants (`toISOString()`), one per transition. */
  createdAt: string;
  printedAt: string | null;
  signedAt: string | null;
  sentAt: string | null;
  decidedAt: string | null;
  cancelledAt: string | null;
  rejectedAt: string | null;
  updatedAt: string;
  /** Hex HMAC of the identification number (FieldCipher.hash('id', …)); null once purged. */
  idHash: string | null;
  /** Hex HMAC of the phone (for change_phone: the new phone). */
  phoneHash: string | null;
  /** '3**********PB5' (maskIdNumber: no birth-date character): shown in lists without decrypting; '' once purged. */
  idMasked: string;
  /** Encrypted personal data; null once purged by retention. */
  personal: Buffer | null;
  purgedAt: string | null;
  phoneConfirmation: PhoneConfirmation;
  /** Why the phone confirmation was deferred; null when it was not (migration 0008). */
  phoneDeferredReason: PhoneDeferredReason | null;
  /** Created while the registry did not answer: its UID state is checked again at signing. */
  registryUnchecked: boolean;
  /** Registry refusal codes such as 'PHONE_IN_USE' (not personal data). */
  refusalReasons: string[] | null;
  /** The registry's problem details for a rejected submission. */
  rejectionProblems: unknown[] | null;
  temporaryPasswordSent: boolean | null;
  /** 1 on insert, +1 on every update: lets a screen detect that a row changed under it. */
  version: number;
}

/** The two columns of migration 0008 default to "not deferred" and "checked" when left out. */
export type NewApplication = Omit<ApplicationRow, 'version' | 'phoneDeferredReason' | 'registryUnchecked'> &
  Partial<Pick<ApplicationRow, 'phoneDeferredReason' | 'registryUnchecked'>>;

/** A new application's steps not taken yet: one place for the six stamps a create leaves empty. */
export const NOT_YET_STAMPED = {
  printedAt: null,
  signedAt: null,
  sentAt: null,
  decidedAt: null,
  cancelledAt: null,
  rejectedAt: null,
} as const satisfies Partial<NewApplication>;

/** What a transition may change besides the state, its timestamp, updatedAt and version. */
export type ApplicationPatch = Partial<
  Pick<
    ApplicationRow,
    | 'idHash'
    | 'phoneHash'
    | 'idMasked'
    | 'phoneConfirmation'
    | 'refusalReasons'
    | 'rejectionProblems'
    | 'temporaryPasswordSent'
    | 'registryUnchecked'
  > & { personal: Buffer }
>;

/** The table's own row, as SQLite returns it. */
export interface ApplicationDbRow {
  id: string;
  office_code: string;
  journal_year: number;
  journal_seq: number;
  journal_no: string;
  procedure: string;
  state: string;
  clerk_id: string;
  workstation_id: string;
  created_at: string;
  printed_at: string | null;
  signed_at: string | null;
  sent_at: string | null;
  decided_at: string | null;
  cancelled_at: string | null;
  rejected_at: string | null;
  updated_at: string;
  id_hash: string | null;
  phone_hash: string | null;
  id_masked: string;
  personal: Buffer | null;
  purged_at: string | null;
  phone_confirmation: string;
  phone_deferred_reason: string | null;
  registry_unchecked: number;
  refusal_reasons: string | null;
  rejection_problems: string | null;
  temporary_password_sent: number | null;
  version: number;
}

// The one place where this table's camelCase meets snake_case: toDb and fromDb below.
export function toDb(values: Partial<ApplicationRow>): Partial<ApplicationDbRow> {
  const out: Partial<ApplicationDbRow> = {};
  if (values.id !== undefined) out.id = values.id;
  if (values.officeCode !== undefined) out.office_code = values.officeCode;
  if (values.journalYear !== undefined) out.journal_year = values.journalYear;
  if (values.journalSeq !== undefined) out.journal_seq = values.journalSeq;
  if (values.journalNo !== undefined) out.journal_no = values.journalNo;
  if (values.procedure !== undefined) out.procedure = values.procedure;
  if (values.state !== undefined) out.state = values.state;
  if (values.clerkId !== undefined) out.clerk_id = values.clerkId;
  if (values.workstationId !== undefined) out.workstation_id = values.workstationId;
  if (values.createdAt !== undefined) out.created_at = values.createdAt;
  if (values.printedAt !== undefined) out.printed_at = values.printedAt;
  if (values.signedAt !== undefined) out.signed_at = values.signedAt;
  if (values.sentAt !== undefined) out.sent_at = values.sentAt;
  if (values.decidedAt !== undefined) out.decided_at = values.decidedAt;
  if (values.cancelledAt !== undefined) out.cancelled_at = values.cancelledAt;
  if (values.rejectedAt !== undefined) out.rejected_at = values.rejectedAt;
  if (values.updatedAt !== undefined) out.updated_at = values.updatedAt;
  if (values.idHash !== undefined) out.id_hash = values.idHash;
  if (values.phoneHash !== undefined) out.phone_hash = values.phoneHash;
  if (values.idMasked !== undefined) out.id_masked = values.idMasked;
  if (values.personal !== undefined) out.personal = values.personal;
  if (values.purgedAt !== undefined) out.purged_at = values.purgedAt;
  if (values.phoneConfirmation !== undefined) out.phone_confirmation = values.phoneConfirmation;
  if (values.phoneDeferredReason !== undefined) out.phone_deferred_reason = values.phoneDeferredReason;
  if (values.registryUnchecked !== undefined) out.registry_unchecked = values.registryUnchecked ? 1 : 0;
  if (values.refusalReasons !== undefined) out.refusal_reasons = jsonOrNull(values.refusalReasons);
  if (values.rejectionProblems !== undefined) out.rejection_problems = jsonOrNull(values.rejectionProblems);
  if (values.temporaryPasswordSent !== undefined) {
    out.temporary_password_sent = values.temporaryPasswordSent === null ? null : values.temporaryPasswordSent ? 1 : 0;
  }
  if (values.version !== undefined) out.version = values.version;
  return out;
}

export function fromDb(row: ApplicationDbRow): ApplicationRow {
  // The CHECK constraints make these unreachable unless the file was edited by hand.
  if (!isOneOf(procedures, row.procedure)) throw new Error(`applications.procedure has an unknown value in ${row.id}`);
  if (!isOneOf(applicationStates, row.state)) throw new Error(`applications.state has an unknown value in ${row.id}`);
  if (!isOneOf(phoneConfirmations, row.phone_confirmation)) throw new Error(`applications.phone_confirmation is unknown in ${row.id}`);
  const deferredReason = row.phone_deferred_reason;
  if (deferredReason !== null && !isOneOf(phoneDeferredReasons, deferredReason))
    throw new Error(`applications.phone_deferred_reason is unknown in ${row.id}`);
  return {
    id: row.id,
    officeCode: row.office_code,
    journalYear: row.journal_year,
    journalSeq: row.journal_seq,
    journalNo: row.journal_no,
    procedure: row.procedure,
    state: row.state,
    clerkId: row.clerk_id,
    workstationId: row.workstation_id,
    createdAt: row.created_at,
    printedAt: row.printed_at,
    signedAt: row.signed_at,
    sentAt: row.sent_at,
    decidedAt: row.decided_at,
    cancelledAt: row.cancelled_at,
    rejectedAt: row.rejected_at,
    updatedAt: row.updated_at,
    idHash: row.id_hash,
    phoneHash: row.phone_hash,
    idMasked: row.id_masked,
    personal: row.personal,
    purgedAt: row.purged_at,
    phoneConfirmation: row.phone_confirmation,
    phoneDeferredReason: deferredReason,
    registryUnchecked: row.registry_unchecked === 1,
    refusalReasons: parseArray(row.refusal_reasons, row.id)?.map(String) ?? null,
    rejectionProblems: parseArray(row.rejection_problems, row.id),
    temporaryPasswordSent: row.temporary_password_sent === null ? null : row.temporary_password_sent === 1,
    version: row.version,
  };
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function jsonOrNull(value: readonly unknown[] | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function parseArray(text: string | null, id: string): unknown[] | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error(`applications: a JSON column of ${id} is not an array`);
  return value;
}

/** RETURNING rows come back untyped; the id and state are enough to know it is an application row. */
export function isDbRow(value: unknown): value is ApplicationDbRow {
  return typeof value === 'object' && value !== null && 'id' in value && 'state' in value && 'journal_no' in value;
}

export const applications = (db: Db) => db<ApplicationDbRow>('applications');

/**
 * Person and phone lookups name their index. Without ANALYZE statistics SQLite rates
 * `procedure = ?` as selective as `id_hash = ?`, and with an ORDER BY it prefers the index that
 * yields the order: it would walk every 'issue' row (hundreds of thousands) to find one person.
 */
export const applicationsBy = (db: Db, index: 'applications_id_hash' | 'applications_phone_hash' | 'applications_journal_no') =>
  db<ApplicationDbRow>(db.raw(`applications INDEXED BY ${index}`));

/** knex writes a multi-row INSERT for SQLite as a compound SELECT, which SQLite caps at 500 terms. */
export const INSERT_CHUNK_ROWS = 500;
