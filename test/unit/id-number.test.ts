import { describe, expect, it } from 'vitest';
import { checkDigitValue, computeCheckDigit } from '../../preload/contract/check-digit';
import {
  checkIdNumber,
  idNumberErrorCodes,
  idNumberSchema,
  isIsoDate,
  maskIdNumber,
  normalizeIdNumber,
  normalizeIdNumberTyping,
  toIsoDate,
  type IdNumberCheck,
  type IdNumberErrorCode,
} from '../../preload/contract/id-number';

const codesOf = (r: IdNumberCheck): IdNumberErrorCode[] => (r.ok ? [] : r.errors.map((e) => e.code));

describe('7-3-1 check digit (shared with the MRZ)', () => {
  it.each([
    ['3270287A012PB', 2],
    ['3041088A042PB', 2],
    ['L898902C3', 6], // ICAO Utopia document number
    ['740812', 2],
    ['<<<<<<<<<<<<<<', 0],
    ['', 0],
  ])('%s → %i', (chars, digit) => {
    expect(computeCheckDigit(chars)).toBe(digit);
  });

  it.each([
    ['0', 0],
    ['9', 9],
    ['A', 10],
    ['Z', 35],
    ['<', 0],
    ['a', null],
    ['А', null], // Cyrillic
    ['', null],
    ['AB', null],
  ])('value of %j is %j', (ch, value) => {
    expect(checkDigitValue(ch)).toBe(value);
  });

  it('throws on a character outside the MRZ alphabet (callers validate first)', () => {
    expect(() => computeCheckDigit('32a')).toThrow(RangeError);
  });
});

describe('identification number: vectors.md A.1 (check digit correct)', () => {
  it.each([
    { id: 'ID-V1', value: '3270287A012PB2', birthDate: '1987-02-27', sex: 'M' },
    { id: 'ID-V2', value: '3041088A042PB2', birthDate: '1988-10-04', sex: 'M' },
    { id: 'ID-V4', value: '4150285H123PB2', birthDate: '1985-02-15', sex: 'F' },
    { id: 'ID-V5', value: '5120305M042PB6', birthDate: '2005-03-12', sex: 'M' },
    { id: 'ID-V6', value: '6010120C001PB9', birthDate: '2020-01-01', sex: 'F' },
    { id: 'ID-V7', value: '3311299E777PB7', birthDate: '1999-12-31', sex: 'M' },
    { id: 'ID-V8', value: '6010101K005BA9', birthDate: '2001-01-01', sex: 'F' },
    { id: 'ID-V9', value: '3150775B010BI9', birthDate: '1975-07-15', sex: 'M' },
  ])('$id $value is valid: $birthDate, $sex, no warnings', ({ value, birthDate, sex }) => {
    expect(checkIdNumber(value, { today: '2025-11-23' })).toEqual({ ok: true, idNumber: value, birthDate, sex, warnings: [] });
  });

  it('ID-V3 0000000A000PB2: check digit holds, but structure is impossible (sex digit 0, date 00.00.00)', () => {
    const r = checkIdNumber('0000000A000PB2');
    expect(r.ok).toBe(false);
    expect(codesOf(r)).toEqual(['sex_century', 'birth_date']);
    expect(computeCheckDigit('0000000A000PB')).toBe(2);
  });
});

describe('identification number: vectors.md A.2 (invalid)', () => {
  it.each<{ id: string; value: string; code: IdNumberErrorCode; all: IdNumberErrorCode[]; position?: number }>([
    { id: 'ID-N1', value: '3270287A012PB3', code: 'check_digit', all: ['check_digit'], position: 14 },
    // Also structurally impossible: the sex/century and date rules come first; the check digit is still reported.
    { id: 'ID-N2', value: '0000000A000PB3', code: 'sex_century', all: ['sex_century', 'birth_date', 'check_digit'] },
    { id: 'ID-N3', value: '3270287A012PB31', code: 'length', all: ['length'] },
    { id: 'ID-N4', value: '3270287А012РВ3', code: 'cyrillic_letter', all: ['cyrillic_letter'], position: 8 },
    { id: 'ID-N5', value: '4220689A012PB4', code: 'check_digit', all: ['check_digit'] },
    { id: 'ID-N6', value: '1234567A012PB5', code: 'birth_date', all: ['birth_date', 'check_digit'], position: 2 },
    { id: 'ID-N7', value: '1234567A012PB0', code: 'birth_date', all: ['birth_date', 'check_digit'] },
    { id: 'ID-N8', value: '3270287A012PB', code: 'length', all: ['length'] },
    { id: 'ID-N9', value: '7270287A012PB0', code: 'sex_century', all: ['sex_century'], position: 1 },
    { id: 'ID-N10', value: '3310287A012PB9', code: 'birth_date', all: ['birth_date'] },
    { id: 'ID-N11', value: '3270287A012P81', code: 'letter_expected', all: ['letter_expected'], position: 13 },
    { id: 'ID-N12', value: '327O287A012PB2', code: 'digit_expected', all: ['digit_expected', 'check_digit'], position: 4 },
  ])('$id $value → $code', ({ value, code, all, position }) => {
    const r = checkIdNumber(value);
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.code).toBe(code);
    expect(r.error).toBe(r.errors[0]);
    expect(codesOf(r)).toEqual(all);
    if (position !== undefined) expect(r.error.position).toBe(position);
    expect(r.error.message).not.toContain(value);
  });

  it('ID-N4 after look-alike normalisation becomes 3270287A012PB3: still a bad check digit', () => {
    const n = normalizeIdNumber('3270287А012РВ3');
    expect(n.value).toBe('3270287A012PB3');
    expect(n.corrections).toEqual([
      { position: 8, from: 'А', to: 'A', kind: 'lookalike' },
      { position: 12, from: 'Р', to: 'P', kind: 'lookalike' },
      { position: 13, from: 'В', to: 'B', kind: 'lookalike' },
    ]);
    expect(codesOf(checkIdNumber(n.value))).toEqual(['check_digit']);
  });

  it('ID-N12: O at a digit position is offered as a correction to ID-V1, not accepted silently', () => {
    const r = checkIdNumber('327O287A012PB2');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('буква O');
    const n = normalizeIdNumber('327O287A012PB2');
    expect(n).toEqual({ value: '3270287A012PB2', changed: true, corrections: [{ position: 4, from: 'O', to: '0', kind: 'digit' }] });
    expect(checkIdNumber(n.value).ok).toBe(true);
  });

  it('ID-N13 3270287X012PB1: region letter X only warns', () => {
    const r = checkIdNumber('3270287X012PB1');
    expect(r).toMatchObject({ ok: true, idNumber: '3270287X012PB1', birthDate: '1987-02-27', sex: 'M' });
    if (r.ok) expect(r.warnings.map((w) => w.code)).toEqual(['region_unknown']);
  });

  it('normalisation vector: " 3270287a012pb2 " → 3270287A012PB2 → valid', () => {
    const n = normalizeIdNumber(' 3270287a012pb2 ');
    expect(n.value).toBe('3270287A012PB2');
    expect(n.changed).toBe(true);
    expect(n.corrections).toEqual([
      { position: 8, from: 'a', to: 'A', kind: 'case' },
      { position: 12, from: 'p', to: 'P', kind: 'case' },
      { position: 13, from: 'b', to: 'B', kind: 'case' },
    ]);
    expect(checkIdNumber(n.value).ok).toBe(true);
    // As typed, it is not accepted: the suggestion is the caller's to offer.
    expect(checkIdNumber(' 3270287a012pb2 ').ok).toBe(false);
  });
});

describe('identification number: own cases per rule', () => {
  it.each<[string, string, IdNumberErrorCode, number | undefined]>([
    ['empty', '', 'empty', undefined],
    ['lower-case letter', '3270287a012PB2', 'lowercase_letter', 8],
    ['space inside', '3270287 A012PB', 'invalid_character', 8],
    ['hyphen', '327028-7A012PB2', 'invalid_character', 7],
    ['leading space', ' 3270287A012PB2', 'invalid_character', 1],
    ['letter in the sequence number', '3270287A0B2PB2', 'digit_expected', 10],
    ['digit as region letter', '32702870012PB2', 'letter_expected', 8],
    ['sex/century digit 0', '0270287A012PB2', 'sex_century', 1],
    ['sex/century digit 9', '9270287A012PB2', 'sex_century', 1],
    ['31 April', '4310499H001PB8', 'birth_date', 2],
    ['29.02.1900 (1900 is not a leap year)', '3290200A001PB7', 'birth_date', 2],
  ])('%s → %s', (_name, value, code, position) => {
    const r = checkIdNumber(value);
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.code).toBe(code);
    expect(r.error.position).toBe(position);
    expect(r.error.message.length).toBeGreaterThan(10);
  });

  it('reports one alphabet issue per kind, plus a wrong length', () => {
    expect(codesOf(checkIdNumber('3270287а012рв2 x'))).toEqual(['cyrillic_letter', 'invalid_character', 'lowercase_letter', 'length']);
  });

  it('29.02.2000 exists (5 = male born in the 2000s)', () => {
    expect(checkIdNumber('5290200A001PB1')).toMatchObject({ ok: true, birthDate: '2000-02-29', sex: 'M' });
  });

  it('a birth date after today is refused only when today is given', () => {
    expect(checkIdNumber('6010130A001PB4')).toMatchObject({ ok: true, birthDate: '2030-01-01' });
    expect(codesOf(checkIdNumber('6010130A001PB4', { today: '2025-11-23' }))).toEqual(['birth_date_future']);
    expect(checkIdNumber('6010130A001PB4', { today: '2030-01-01' }).ok).toBe(true);
  });

  it('rejects a malformed today (a programming error)', () => {
    expect(() => checkIdNumber('3270287A012PB2', { today: '23.11.2025' })).toThrow(RangeError);
  });

  it.each<[string, string, string[]]>([
    ['unknown two-letter code', '3270287A012XX4', ['code_unknown']],
    ['BA is a known (foreigner) code', '3270287A012BA1', []],
    ['unknown region letter Z', '3270287Z012PB7', ['region_unknown']],
    ['1 = born in the 1800s: a likely typo', '1270287A012PB8', ['unlikely_century']],
  ])('warning: %s', (_name, value, warnings) => {
    const r = checkIdNumber(value);
    if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
    expect(r.warnings.map((w) => w.code)).toEqual(warnings);
  });

  it('1800s and 2 = female', () => {
    expect(checkIdNumber('2270287A012PB5')).toMatchObject({ ok: true, birthDate: '1887-02-27', sex: 'F' });
  });

  it('the clerk may override a failing check digit, and only that', () => {
    const r = checkIdNumber('3270287A012PB3', { overrideCheckDigit: true });
    expect(r).toMatchObject({ ok: true, idNumber: '3270287A012PB3' });
    if (r.ok) expect(r.warnings.map((w) => w.code)).toEqual(['check_digit_overridden']);
    expect(codesOf(checkIdNumber('1234567A012PB5', { overrideCheckDigit: true }))).toEqual(['birth_date']);
  });

  it('every error code it returns is exported', () => {
    for (const code of ['empty', 'length', 'check_digit', 'birth_date_future'] as const) expect(idNumberErrorCodes).toContain(code);
  });
});

describe('normalizeIdNumber', () => {
  it.each([
    ['already clean', '3270287A012PB2', '3270287A012PB2', false, []],
    ['spaces and hyphens dropped', '3270287-A012-PB2', '3270287A012PB2', true, []],
    ['NBSP and tab', '3270287\u00A0A012\tPB2', '3270287A012PB2', true, []],
    ['Cyrillic О at a digit position → 0', '327О287A012PB2', '3270287A012PB2', true, [{ position: 4, from: 'О', to: '0', kind: 'digit' }]],
    [
      'lower-case l and I at digit positions → 1',
      '3270287A0l2PBI',
      '3270287A012PB1',
      true,
      [
        { position: 10, from: 'l', to: '1', kind: 'digit' },
        { position: 14, from: 'I', to: '1', kind: 'digit' },
      ],
    ],
    [
      'Cyrillic at letter positions (Russian layout) → Latin',
      '3270287М012РВ2',
      '3270287M012PB2',
      true,
      [
        { position: 8, from: 'М', to: 'M', kind: 'lookalike' },
        { position: 12, from: 'Р', to: 'P', kind: 'lookalike' },
        { position: 13, from: 'В', to: 'B', kind: 'lookalike' },
      ],
    ],
    ['lower-case Cyrillic н → H', '4150285н123PB2', '4150285H123PB2', true, [{ position: 8, from: 'н', to: 'H', kind: 'lookalike' }]],
    ['O at a letter position stays a letter', '3270287O012PB2', '3270287O012PB2', false, []],
    // Without 14 characters the digit positions are unknown: only case and look-alikes.
    ['wrong length: no O→0 guess', '327O287A012PB', '327O287A012PB', false, []],
    ['other Cyrillic letters are left for validation to report', '327028ZA012PБ2', '327028ZA012PБ2', false, []],
  ])('%s', (_name, raw, value, changed, corrections) => {
    expect(normalizeIdNumber(raw)).toEqual({ value, changed, corrections });
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['3270287A012PB5', '3**********PB5'],
    ['3270287A012PB2', '3**********PB2'],
    // Shorter than a number: still no birth-date character.
    ['3270287', '3******'],
    ['3270287A', '3******A'],
    ['3', '3'],
    ['', ''],
  ])('%s → %s', (value, masked) => {
    expect(maskIdNumber(value)).toBe(masked);
    expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(5);
    expect(masked.slice(1, 7)).toMatch(/^\**$/);
  });
});

describe('idNumberSchema', () => {
  it('accepts a valid number, trimming surrounding whitespace', () => {
    expect(idNumberSchema.parse('  3270287A012PB2 ')).toBe('3270287A012PB2');
  });

  it.each<[string, unknown, IdNumberErrorCode]>([
    ['bad check digit', '3270287A012PB3', 'check_digit'],
    ['Cyrillic letters', '3270287А012РВ2', 'cyrillic_letter'],
    ['lower case is not folded silently', '3270287a012pb2', 'lowercase_letter'],
    ['O for zero', '327O287A012PB2', 'digit_expected'],
    ['empty', '   ', 'empty'],
  ])('refuses %s with the Russian message and the code', (_name, input, code) => {
    const r = idNumberSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.code).toBe('custom');
    expect(issue && 'params' in issue ? issue.params : undefined).toEqual({ code });
    expect(issue?.message).toMatch(/[а-я]/);
  });

  it('refuses a non-string with a Russian message', () => {
    const r = idNumberSchema.safeParse(42);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/идентификационный номер/);
  });
});

describe('calendar helpers', () => {
  it.each([
    [2000, 2, 29, '2000-02-29'],
    [1900, 2, 29, null],
    [2024, 2, 29, '2024-02-29'],
    [2025, 4, 31, null],
    [2025, 13, 1, null],
    [2025, 12, 31, '2025-12-31'],
    [1887, 2, 27, '1887-02-27'],
    [2025, 1, 0, null],
  ])('toIsoDate(%i, %i, %i) → %s', (y, m, d, iso) => {
    expect(toIsoDate(y, m, d)).toBe(iso);
  });

  it.each([
    ['2025-11-23', true],
    ['2025-02-29', false],
    ['2025-1-1', false],
    ['23.11.2025', false],
  ])('isIsoDate(%s) → %s', (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });
});

describe('normalizeIdNumberTyping (applied as the clerk types, no click)', () => {
  it.each([
    ['clean number unchanged', '3270287A012PB2', '3270287A012PB2'],
    ['ID-V1 typed in lower case → valid as typed', '3270287a012pb2', '3270287A012PB2'],
    ['ID-V4 in lower case', '4150285h123pb2', '4150285H123PB2'],
    ['spaces, hyphens, NBSP dropped', ' 3270287-a012\u00A0pb2 ', '3270287A012PB2'],
    ['Cyrillic look-alikes (Russian layout) → Latin', '3270287М012РВ2', '3270287M012PB2'],
    ['lower-case Cyrillic look-alikes → Latin', '3270287м012рв2', '3270287M012PB2'],
    ['letter O at a digit position stays a letter (offered, not applied)', '327O287A012PB2', '327O287A012PB2'],
    ['lower-case o at a digit position: only upper-cased', '327o287A012PB2', '327O287A012PB2'],
    ['Cyrillic О at a digit position becomes Latin O, not 0', '327О287A012PB2', '327O287A012PB2'],
    ['lower-case l at a digit position stays l (meant as 1?)', '3270287A0l2PB2', '3270287A0l2PB2'],
    ['lower-case l at a letter position → L', '3270287l012PB2', '3270287L012PB2'],
    ['Belarusian і at a digit position → Latin I, not 1', '3270287A01іPB2', '3270287A01IPB2'],
    ['partly typed: positions count from the left', '327o2', '327O2'],
    ['other Cyrillic letters are left for validation to report', '327028ZA012PБ2', '327028ZA012PБ2'],
    ['empty', '', ''],
  ])('%s', (_name, raw, value) => {
    expect(normalizeIdNumberTyping(raw)).toBe(value);
  });

  it('a valid number typed in lower case needs no correction; O at a digit position still needs one', () => {
    expect(checkIdNumber(normalizeIdNumberTyping('3270287a012pb2')).ok).toBe(true);
    const typed = normalizeIdNumberTyping('327o287a012pb2');
    expect(checkIdNumber(typed).ok).toBe(false);
    expect(normalizeIdNumber(typed)).toEqual({
      value: '3270287A012PB2',
      changed: true,
      corrections: [{ position: 4, from: 'O', to: '0', kind: 'digit' }],
    });
  });

  it('is idempotent', () => {
    for (const raw of ['3270287a012pb2', '327о287а012рв2', '3270287A0l2PB2', ' 32-70 ']) {
      const once = normalizeIdNumberTyping(raw);
      expect(normalizeIdNumberTyping(once)).toBe(once);
    }
  });
});
