/**
 * The application form's draft, one per procedure, in a store rather than in the component: a
 * later device event ("the reader scanned a document") fills fields with `fill` from outside the
 * form. Field names are the dotted paths of `applicationInput`, the same keys zod issues and the
 * main process's `fields` use.
 */
import type { z } from 'zod';
import { create } from 'zustand';
import { whenSessionEnds } from './session-end';
import { needsPhone, procedures, type ApplicationInput, type applicationInput, type Procedure } from '../../../preload/contract';

export const textFields = [
  'idNumber',
  'person.surname',
  'person.givenNames',
  'person.patronymic',
  'person.surnameLatin',
  'person.givenNamesLatin',
  'person.birthDate',
  'person.sex',
  'person.citizenship',
  'document.type',
  'document.series',
  'document.number',
  'document.issuedAt',
  'document.expiresAt',
  'document.issuer',
  'oldPhone',
  'phone',
] as const;
export type TextField = (typeof textFields)[number];
export type FormField = TextField | 'consent';

export type FormValues = Record<TextField, string> & { consent: boolean };

/**
 * The SMS code sent for the draft's phone (`phone.sendCode`) and whether it was verified. Only a
 * verified confirmation goes into the application (`phoneConfirmationId`); a change of the phone
 * drops it.
 */
export type PhoneConfirmation = {
  confirmationId: string;
  /** The phone as typed when the code was sent. */
  phone: string;
  expiresAt: string;
  verified: boolean;
  /** After a wrong code: how many tries the registry still allows. */
  attemptsLeft: number | null;
};

export type Draft = {
  values: FormValues;
  phoneConfirmation: PhoneConfirmation | null;
  /** Fields the clerk has changed: their errors show while typing. */
  touched: readonly FormField[];
  /** After the first «Создать заявление» every error shows. */
  submitted: boolean;
  /** The clerk typed or ticked something (a scan alone does not count): clearing it is said aloud. */
  typed: boolean;
};

export const emptyValues: FormValues = {
  idNumber: '',
  'person.surname': '',
  'person.givenNames': '',
  'person.patronymic': '',
  'person.surnameLatin': '',
  'person.givenNamesLatin': '',
  'person.birthDate': '',
  'person.sex': '',
  'person.citizenship': 'BLR',
  'document.type': 'passport_by',
  'document.series': '',
  'document.number': '',
  'document.issuedAt': '',
  'document.expiresAt': '',
  'document.issuer': '',
  oldPhone: '',
  phone: '',
  consent: false,
};

const emptyDraft: Draft = { values: emptyValues, phoneConfirmation: null, touched: [], submitted: false, typed: false };

type Drafts = Record<Procedure, Draft>;

type FormActions = {
  change: (procedure: Procedure, field: TextField, value: string) => void;
  setConsent: (procedure: Procedure, consent: boolean) => void;
  /** Sets several fields at once (a scanned document); they count as entered by the clerk. */
  fill: (procedure: Procedure, values: Partial<Record<TextField, string>>) => void;
  /**
   * A scanned document: one citizen per form. A scan of another person (another identification
   * number than the form's) empties the draft before filling it; the same person's scan refreshes
   * only what the document tells.
   */
  scan: (procedure: Procedure, values: Partial<Record<TextField, string>>) => ScanFill;
  markSubmitted: (procedure: Procedure) => void;
  /** A code was sent, or checked: the draft's confirmation as the registry now has it. */
  setPhoneConfirmation: (procedure: Procedure, confirmation: PhoneConfirmation | null) => void;
  reset: (procedure: Procedure) => void;
  /** The session ended (logout, ended by an administrator): every draft goes, with its citizen. */
  clearAll: () => void;
};

/** What a scan did to the draft: `cleared` when it held another citizen, `hadTyped` when the clerk had typed into it. */
export type ScanFill = { cleared: boolean; hadTyped: boolean };

/** Identification numbers compare as the contract normalises them: case and spaces do not make another person. */
const sameIdNumber = (a: string, b: string): boolean => a.replace(/\s+/g, '').toUpperCase() === b.replace(/\s+/g, '').toUpperCase();

/** Whether the scan is of another citizen than the one the draft is about (a draft without a number is nobody's yet). */
export function isOtherCitizen(draft: Pick<Draft, 'values'>, scanned: Partial<Record<TextField, string>>): boolean {
  const current = draft.values.idNumber.trim();
  return current !== '' && !sameIdNumber(current, scanned.idNumber ?? '');
}

const initialDrafts = (): Drafts => Object.fromEntries(procedures.map((p) => [p, emptyDraft])) as Drafts;

const touch = (touched: readonly FormField[], fields: readonly FormField[]): readonly FormField[] => {
  const missing = fields.filter((f) => !touched.includes(f));
  return missing.length === 0 ? touched : [...touched, ...missing];
};

/** A confirmation belongs to the phone it was sent to: a changed phone drops it. */
const keepConfirmation = (draft: Draft, phone: string): PhoneConfirmation | null =>
  draft.phoneConfirmation !== null && phone === draft.values.phone ? draft.phoneConfirmation : null;

const filled = (d: Draft, values: Partial<Record<TextField, string>>): Draft => ({
  ...d,
  values: { ...d.values, ...values },
  phoneConfirmation:
    values.idNumber !== undefined && !sameIdNumber(values.idNumber, d.values.idNumber)
      ? null
      : keepConfirmation(d, values.phone ?? d.values.phone),
  touched: touch(
    d.touched,
    Object.keys(values).filter((k): k is TextField => (textFields as readonly string[]).includes(k)),
  ),
});

export const useApplicationForm = create<{ drafts: Drafts } & FormActions>()((set, get) => {
  const update = (procedure: Procedure, next: (draft: Draft) => Draft) =>
    set((s) => ({ drafts: { ...s.drafts, [procedure]: next(s.drafts[procedure]) } }));
  return {
    drafts: initialDrafts(),
    change: (procedure, field, value) =>
      update(procedure, (d) => ({
        ...d,
        values: { ...d.values, [field]: value },
        // A confirmation and a registry check are about one person: another number drops them.
        phoneConfirmation:
          field === 'idNumber' && !sameIdNumber(value, d.values.idNumber)
            ? null
            : keepConfirmation(d, field === 'phone' ? value : d.values.phone),
        touched: touch(d.touched, [field]),
        typed: true,
      })),
    setConsent: (procedure, consent) =>
      update(procedure, (d) => ({ ...d, values: { ...d.values, consent }, touched: touch(d.touched, ['consent']), typed: true })),
    fill: (procedure, values) => update(procedure, (d) => filled(d, values)),
    scan: (procedure, values) => {
      const before = get().drafts[procedure];
      const cleared = isOtherCitizen(before, values);
      update(procedure, (d) => filled(cleared ? emptyDraft : d, values));
      return { cleared, hadTyped: before.typed };
    },
    markSubmitted: (procedure) => update(procedure, (d) => ({ ...d, submitted: true })),
    setPhoneConfirmation: (procedure, phoneConfirmation) => update(procedure, (d) => ({ ...d, phoneConfirmation })),
    reset: (procedure) => update(procedure, () => emptyDraft),
    clearAll: () => set({ drafts: initialDrafts() }),
  };
});

/** The confirmation id an application carries: only a verified one, for the phone it was sent to. */
export function confirmedPhoneId(draft: Pick<Draft, 'values' | 'phoneConfirmation'>): string | null {
  const c = draft.phoneConfirmation;
  return c !== null && c.verified && c.phone === draft.values.phone ? c.confirmationId : null;
}

/**
 * Blank optional fields are left out; phone fields only where the procedure has them, with the
 * verified confirmation if there is one (none: the registry confirms later, where allowed).
 */
export function toInput(procedure: Procedure, v: FormValues, phoneConfirmationId: string | null = null): z.input<typeof applicationInput> {
  const optional = (value: string) => (value.trim() === '' ? undefined : value);
  const person = {
    surname: v['person.surname'],
    givenNames: v['person.givenNames'],
    ...(optional(v['person.patronymic']) !== undefined && { patronymic: v['person.patronymic'] }),
    ...(optional(v['person.surnameLatin']) !== undefined && { surnameLatin: v['person.surnameLatin'] }),
    ...(optional(v['person.givenNamesLatin']) !== undefined && { givenNamesLatin: v['person.givenNamesLatin'] }),
    birthDate: v['person.birthDate'],
    sex: v['person.sex'] as ApplicationInput['person']['sex'],
    citizenship: v['person.citizenship'],
  };
  const document = {
    type: v['document.type'] as ApplicationInput['document']['type'],
    ...(optional(v['document.series']) !== undefined && { series: v['document.series'] }),
    number: v['document.number'],
    ...(optional(v['document.issuedAt']) !== undefined && { issuedAt: v['document.issuedAt'] }),
    expiresAt: v['document.expiresAt'],
    ...(optional(v['document.issuer']) !== undefined && { issuer: v['document.issuer'] }),
  };
  return {
    procedure,
    idNumber: v.idNumber,
    person,
    document,
    ...(needsPhone(procedure) && { phone: v.phone }),
    ...(needsPhone(procedure) && phoneConfirmationId !== null && { phoneConfirmationId }),
    ...(procedure === 'change_phone' && optional(v.oldPhone) !== undefined && { oldPhone: v.oldPhone }),
    consent: v.consent as true,
  };
}

// Drafts belong to the session: the next clerk to sign in never sees the previous one's citizen.
whenSessionEnds(() => useApplicationForm.getState().clearAll());
