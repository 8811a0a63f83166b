/**
 * Drafts and what vouches for them belong to one citizen and one session (issue 13): the form's
 * store (a scan of another identification number empties the draft; a changed number drops the
 * phone confirmation; the end of a session clears every draft) and the main process's phone
 * confirmations (forgotten with the clerk's session).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPhoneConfirmations } from '../../main/services/registry';
import { forgetSessionWork } from '../../renderer/src/stores/session-end';
import { isOtherCitizen, useApplicationForm, type FormValues, type TextField } from '../../renderer/src/stores/application-form';

const A = '5120403M021PB8';
const B = '6300806B014PB1';
const CONFIRMATION = {
  confirmationId: '6f1c2c55-8a51-4c1e-9d7c-1d3f1a0b2c3d',
  phone: '+375297001101',
  expiresAt: '',
  verified: true,
  attemptsLeft: null,
};
const draft = () => useApplicationForm.getState().drafts.issue;

beforeEach(() => useApplicationForm.getState().clearAll());

describe('isOtherCitizen', () => {
  const cases: Array<[string, string, string | undefined, boolean]> = [
    ['empty form: nobody yet', '', B, false],
    ['same number', A, A, false],
    ['same number, other case and spaces', ' 5120403m021pb8 ', A, false],
    ['another number', A, B, true],
    ['a scan without a number, form with one', A, undefined, true],
  ];
  it.each(cases)('%s', (_name, inForm, scanned, other) => {
    const values = { idNumber: inForm } as FormValues;
    const scan: Partial<Record<TextField, string>> = scanned === undefined ? {} : { idNumber: scanned };
    expect(isOtherCitizen({ values }, scan)).toBe(other);
  });
});

describe('the form store', () => {
  it("another citizen's scan empties the draft (typed names, phone, confirmation, consent) and reports what the clerk typed", () => {
    const s = useApplicationForm.getState();
    expect(s.scan('issue', { idNumber: A, 'person.surnameLatin': 'LUKASHEVICH' })).toEqual({ cleared: false, hadTyped: false });
    s.change('issue', 'person.surname', 'Лукашевич');
    s.change('issue', 'phone', CONFIRMATION.phone);
    s.setConsent('issue', true);
    s.setPhoneConfirmation('issue', CONFIRMATION);
    expect(s.scan('issue', { idNumber: B, 'person.surnameLatin': 'IAROSHEVICH' })).toEqual({ cleared: true, hadTyped: true });
    expect(draft().values).toMatchObject({
      idNumber: B,
      'person.surnameLatin': 'IAROSHEVICH',
      'person.surname': '',
      phone: '',
      consent: false,
    });
    expect(draft().phoneConfirmation).toBeNull();
    expect(draft().typed).toBe(false);
  });

  it("the same citizen's scan refreshes the document and keeps what the clerk typed", () => {
    const s = useApplicationForm.getState();
    s.change('issue', 'idNumber', A);
    s.change('issue', 'person.surname', 'Лукашевич');
    s.change('issue', 'phone', CONFIRMATION.phone);
    s.setPhoneConfirmation('issue', CONFIRMATION);
    expect(s.scan('issue', { idNumber: A, 'document.number': 'MP9012345' })).toEqual({ cleared: false, hadTyped: true });
    expect(draft().values).toMatchObject({ 'person.surname': 'Лукашевич', 'document.number': 'MP9012345', phone: CONFIRMATION.phone });
    expect(draft().phoneConfirmation).toEqual(CONFIRMATION);
  });

  it('a changed identification number drops the phone confirmation; the same one typed again does not', () => {
    const s = useApplicationForm.getState();
    s.change('issue', 'idNumber', A);
    s.change('issue', 'phone', CONFIRMATION.phone);
    s.setPhoneConfirmation('issue', CONFIRMATION);
    s.change('issue', 'idNumber', A.toLowerCase());
    expect(draft().phoneConfirmation).toEqual(CONFIRMATION);
    s.change('issue', 'idNumber', B);
    expect(draft().phoneConfirmation).toBeNull();
  });

  it('clearAll empties every procedure’s draft', () => {
    const s = useApplicationForm.getState();
    s.change('issue', 'person.surname', 'Лукашевич');
    s.change('block', 'idNumber', A);
    s.clearAll();
    for (const d of Object.values(useApplicationForm.getState().drafts)) {
      expect(d.values.idNumber).toBe('');
      expect(d.values['person.surname']).toBe('');
      expect(d.typed).toBe(false);
    }
  });

  it('the end of a session empties every draft (the store registered itself with the session)', () => {
    const s = useApplicationForm.getState();
    s.change('issue', 'person.surname', 'Лукашевич');
    s.change('change_phone', 'idNumber', B);
    forgetSessionWork();
    for (const d of Object.values(useApplicationForm.getState().drafts)) {
      expect(d.values.idNumber).toBe('');
      expect(d.values['person.surname']).toBe('');
    }
  });
});

describe('phone confirmations in the main process', () => {
  it('are forgotten with the session of the clerk who asked for them, and only theirs', () => {
    const phones = createPhoneConfirmations();
    const now = Date.parse('2026-12-05T08:00:00Z');
    phones.sent('c-1', 'hash-1', now + 300_000, 'clerk-1');
    phones.sent('c-2', 'hash-2', now + 300_000, 'clerk-2');
    phones.verified('c-1');
    phones.verified('c-2');
    expect(phones.isVerified('c-1', 'hash-1', now)).toBe(true);
    phones.forgetClerk('clerk-1');
    expect(phones.isVerified('c-1', 'hash-1', now)).toBe(false);
    expect(phones.isVerified('c-2', 'hash-2', now)).toBe(true);
  });
});
