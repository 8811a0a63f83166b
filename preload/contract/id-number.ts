/**
 * Belarusian identification number (идентификационный номер, = the UID): normalisation (applied as
 * typed where no character changes identity, offered as a suggestion where one does), strict
 * validation, masking (DOMAIN.md section 3). Pure and DOM/Node-free: the renderer
 * uses it while the clerk types, main as the authority.
 */
import { z } from 'zod';
import { computeCheckDigit } from './check-digit';

export const ID_NUMBER_LENGTH = 14;

/** The full shape, as in central-api.yaml `IdNumber`. */
export const ID_NUMBER_PATTERN = /^[1-6][0-9]{6}[A-Z][0-9]{3}[A-Z]{2}[0-9]$/;

/** Region letters commonly cited (DOMAIN.md 3.1, meaning unverified): others only warn. */
export const knownRegionLetters = ['A', 'B', 'C', 'E', 'H', 'K', 'M'] as const;

/** Codes at positions 12–13: PB for citizens; the others are reported for foreigners (unverified). */
export const knownCitizenshipCodes = ['PB', 'BA', 'BI', 'GB'] as const;

export const idNumberErrorCodes = [
  'empty',
  'length',
  'cyrillic_letter',
  'lowercase_letter',
  'invalid_character',
  'digit_expected',
  'letter_expected',
  'sex_century',
  'birth_date',
  'birth_date_future',
  'check_digit',
] as const;
export type IdNumberErrorCode = (typeof idNumberErrorCodes)[number];

export const idNumberWarningCodes = ['region_unknown', 'code_unknown', 'unlikely_century', 'check_digit_overridden'] as const;
export type IdNumberWarningCode = (typeof idNumberWarningCodes)[number];

/** A blocking problem; `position` is 1-based within the 14 characters. Never contains the number itself. */
export type IdNumberError = { code: IdNumberErrorCode; message: string; position?: number };
export type IdNumberWarning = { code: IdNumberWarningCode; message: string };

export type Sex = 'M' | 'F';

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string; sex: Sex; warnings: IdNumberWarning[] }
  /** `error` is the one to show first; `errors` lists every problem found (error === errors[0]). */
  | { ok: false; error: IdNumberError; errors: IdNumberError[] };

export type IdNumberCheckOptions = {
  /** 'YYYY-MM-DD'. When given, a birth date after it is an error. */
  today?: string;
  /**
   * The clerk compared the number with the document and confirmed it although the check digit
   * fails (DOMAIN.md 3.2: blocks automatic processing, clerk may override). Turns that one error
   * into a warning; every other rule still applies.
   */
  overrideCheckDigit?: boolean;
};

export type IdNumberCorrection = {
  /** 1-based position in the normalised value. */
  position: number;
  from: string;
  to: string;
  /** case: a→A; lookalike: Cyrillic → Latin letter; digit: a letter read as a digit (O→0, I/l→1). */
  kind: 'case' | 'lookalike' | 'digit';
};

export type IdNumberNormalization = {
  value: string;
  /** True when `value` differs from the raw input in some way (including removed spaces or hyphens). */
  changed: boolean;
  corrections: IdNumberCorrection[];
};

/** 'D' = digit, 'L' = letter, per position (DOMAIN.md 3.1: 7 digits, letter, 3 digits, 2 letters, digit). */
const SHAPE = 'DDDDDDDLDDDLLD';

/** Upper-case Cyrillic letters that look like Latin ones (DOMAIN.md 3.5; У and Belarusian І added). */
export const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  І: 'I',
};

/** Characters typed for a digit by mistake; only applied at digit positions. */
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  О: '0',
  о: '0',
  I: '1',
  i: '1',
  l: '1',
  І: '1',
  і: '1',
};

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const isLatinUpper = (ch: string): boolean => ch >= 'A' && ch <= 'Z';
const isCyrillic = (ch: string): boolean => /[\u0400-\u04FF]/.test(ch);

/** Trim, drop spaces and hyphens, upper-case, map look-alikes and O/I/l at digit positions: a *suggestion* (the typing part alone is normalizeIdNumberTyping). */
export function normalizeIdNumber(raw: string): IdNumberNormalization {
  // Spaces (incl. NBSP) and dashes carry no meaning; the clerk sees `changed` and the new value.
  const original = [...raw.replace(/[\s\u00A0\-\u2010-\u2015]/g, '')];
  const fitsShape = original.length === ID_NUMBER_LENGTH;
  const corrections: IdNumberCorrection[] = [];
  const out = original.map((ch, index) => {
    const digitPosition = fitsShape && SHAPE.charAt(index) === 'D';
    const asDigit = DIGIT_LOOKALIKES[ch];
    let to: string;
    let kind: IdNumberCorrection['kind'];
    if (digitPosition && asDigit !== undefined) {
      to = asDigit;
      kind = 'digit';
    } else {
      const upper = ch.toUpperCase();
      const latin = CYRILLIC_TO_LATIN[upper];
      if (latin !== undefined) {
        to = latin;
        kind = 'lookalike';
      } else {
        to = upper.length === 1 ? upper : ch;
        kind = 'case';
      }
    }
    if (to !== ch) corrections.push({ position: index + 1, from: ch, to, kind });
    return to;
  });
  const value = out.join('');
  return { value, changed: value !== raw, corrections };
}

/**
 * What is applied silently while the clerk types (DOMAIN.md 3.5): spaces and hyphens removed,
 * lower case to upper case, Cyrillic look-alikes to Latin. No character changes identity here:
 * a letter at a digit position (O, I, l) stays a letter, for normalizeIdNumber to offer as a
 * correction the clerk confirms. A lower-case l at a digit position stays as typed, since its
 * upper case (L) would hide that it was probably meant as 1. Positions count from the left, as
 * the clerk types, so a partly typed number is handled the same way.
 */
export function normalizeIdNumberTyping(raw: string): string {
  return [...raw.replace(/[\s\u00A0\-\u2010-\u2015]/g, '')]
    .map((ch, index) => {
      if (ch === 'l' && SHAPE.charAt(index) === 'D') return ch;
      const upper = ch.toUpperCase();
      if (upper.length !== 1) return ch;
      return CYRILLIC_TO_LATIN[upper] ?? upper;
    })
    .join('');
}

/** 'YYYY-MM-DD' for a real calendar date, else null. */
export function toIsoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && toIsoDate(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** Sex and century of birth from the first digit (DOMAIN.md 3.1/3.4). */
export function sexAndCenturyOf(digit: string): { sex: Sex; century: number } | null {
  switch (digit) {
    case '1':
      return { sex: 'M', century: 1800 };
    case '2':
      return { sex: 'F', century: 1800 };
    case '3':
      return { sex: 'M', century: 1900 };
    case '4':
      return { sex: 'F', century: 1900 };
    case '5':
      return { sex: 'M', century: 2000 };
    case '6':
      return { sex: 'F', century: 2000 };
    default:
      return null;
  }
}

const messages = {
  empty: 'Введите идентификационный номер: 14 символов из документа.',
  length: (n: number) => `Идентификационный номер состоит из 14 символов, а введено ${n}. Сверьте номер с документом.`,
  cyrillic: (p: number) =>
    `Символ ${p} — русская буква. Переключите раскладку на английскую и введите его заново (или примите предложенное исправление).`,
  lowercase: (p: number) => `Символ ${p} — строчная буква. Введите номер заглавными латинскими буквами.`,
  invalid: (p: number) =>
    `Символ ${p} недопустим: в номере только цифры и заглавные латинские буквы. Уберите пробелы, дефисы и другие знаки.`,
  digitExpected: (p: number, ch: string) => {
    const hint =
      ch === 'O'
        ? ' Похоже, вместо нуля введена буква O: исправьте на цифру 0.'
        : ch === 'I'
          ? ' Похоже, вместо единицы введена буква I: исправьте на цифру 1.'
          : ' Сверьте номер с документом.';
    return `На позиции ${p} должна быть цифра, а стоит буква.${hint}`;
  },
  letterExpected: (p: number) => `На позиции ${p} должна быть латинская буква, а стоит цифра. Сверьте номер с документом.`,
  sexCentury: 'Первая цифра номера должна быть от 1 до 6 (пол и век рождения). Сверьте номер с документом.',
  birthDate: 'Символы 2–7 — дата рождения ДДММГГ, а такой даты не бывает. Сверьте номер с документом.',
  birthDateFuture: 'Дата рождения в номере (символы 2–7) ещё не наступила. Сверьте номер с документом.',
  checkDigit: 'Контрольная цифра не сходится: проверьте 14-й символ и сверьте остальные символы номера с документом.',
  regionUnknown: 'Буква на позиции 8 не из обычного набора (A, B, C, E, H, K, M). Сверьте номер с документом; если совпадает, продолжайте.',
  codeUnknown: 'Буквы на позициях 12–13 необычны (у граждан — PB). Сверьте номер с документом; если совпадает, продолжайте.',
  unlikelyCentury: 'Первая цифра 1 или 2 означает рождение в XIX веке. Вероятно, это опечатка: сверьте номер с документом.',
  checkDigitOverridden: 'Контрольная цифра не сходится; номер принят по решению специалиста после сверки с документом.',
} as const;

/**
 * Validates the number exactly as given (no trimming, no case folding: see normalizeIdNumber for
 * suggestions). Order: alphabet, length, digit/letter positions, sex/century, birth date, check digit.
 */
export function checkIdNumber(value: string, options: IdNumberCheckOptions = {}): IdNumberCheck {
  if (options.today !== undefined && !isIsoDate(options.today)) throw new RangeError('checkIdNumber: today must be YYYY-MM-DD');
  if (value.length === 0) return failWith([{ code: 'empty', message: messages.empty }]);

  // Stage 1: alphabet. One issue per kind (the first position), so a lower-case number is one message.
  const chars = [...value];
  const alphabet: IdNumberError[] = [];
  const seen = new Set<IdNumberErrorCode>();
  chars.forEach((ch, index) => {
    if (isDigit(ch) || isLatinUpper(ch)) return;
    const position = index + 1;
    const issue: IdNumberError = isCyrillic(ch)
      ? { code: 'cyrillic_letter', message: messages.cyrillic(position), position }
      : ch >= 'a' && ch <= 'z'
        ? { code: 'lowercase_letter', message: messages.lowercase(position), position }
        : { code: 'invalid_character', message: messages.invalid(position), position };
    if (seen.has(issue.code)) return;
    seen.add(issue.code);
    alphabet.push(issue);
  });
  if (chars.length !== ID_NUMBER_LENGTH) alphabet.push({ code: 'length', message: messages.length(chars.length) });
  if (alphabet.length > 0) return failWith(alphabet);

  // Stage 2: shape, sex/century, date, check digit: every problem is collected.
  const errors: IdNumberError[] = [];
  for (let i = 0; i < ID_NUMBER_LENGTH; i++) {
    const ch = value.charAt(i);
    const position = i + 1;
    if (SHAPE.charAt(i) === 'D' && !isDigit(ch)) {
      errors.push({ code: 'digit_expected', message: messages.digitExpected(position, ch), position });
    } else if (SHAPE.charAt(i) === 'L' && !isLatinUpper(ch)) {
      errors.push({ code: 'letter_expected', message: messages.letterExpected(position), position });
    }
  }

  const first = value.charAt(0);
  const sexCentury = isDigit(first) ? sexAndCenturyOf(first) : null;
  if (isDigit(first) && sexCentury === null) {
    errors.push({ code: 'sex_century', message: messages.sexCentury, position: 1 });
  }

  const ddmmyy = value.slice(1, 7);
  let birthDate: string | null = null;
  if (/^[0-9]{6}$/.test(ddmmyy)) {
    const day = Number(ddmmyy.slice(0, 2));
    const month = Number(ddmmyy.slice(2, 4));
    const yy = Number(ddmmyy.slice(4, 6));
    if (sexCentury !== null) {
      birthDate = toIsoDate(sexCentury.century + yy, month, day);
    }
    // Without a usable century, accept the day/month if it exists in either 1900s or 2000s (29.02).
    const plausible =
      birthDate !== null || (sexCentury === null && (toIsoDate(1900 + yy, month, day) ?? toIsoDate(2000 + yy, month, day)) !== null);
    if (!plausible) {
      errors.push({ code: 'birth_date', message: messages.birthDate, position: 2 });
    } else if (birthDate !== null && options.today !== undefined && birthDate > options.today) {
      errors.push({ code: 'birth_date_future', message: messages.birthDateFuture, position: 2 });
    }
  }

  const warnings: IdNumberWarning[] = [];
  const last = value.charAt(13);
  if (isDigit(last) && computeCheckDigit(value.slice(0, 13)) !== Number(last)) {
    if (options.overrideCheckDigit === true) {
      warnings.push({ code: 'check_digit_overridden', message: messages.checkDigitOverridden });
    } else {
      errors.push({ code: 'check_digit', message: messages.checkDigit, position: 14 });
    }
  }

  if (errors.length > 0 || sexCentury === null || birthDate === null) return failWith(errors);

  if (!(knownRegionLetters as readonly string[]).includes(value.charAt(7))) {
    warnings.push({ code: 'region_unknown', message: messages.regionUnknown });
  }
  if (!(knownCitizenshipCodes as readonly string[]).includes(value.slice(11, 13))) {
    warnings.push({ code: 'code_unknown', message: messages.codeUnknown });
  }
  if (sexCentury.century === 1800) warnings.push({ code: 'unlikely_century', message: messages.unlikelyCentury });

  return { ok: true, idNumber: value, birthDate, sex: sexCentury.sex, warnings };
}

function failWith(errors: IdNumberError[]): IdNumberCheck {
  const [error] = errors;
  // Unreachable with an empty list: every caller passes at least one issue.
  if (error === undefined) throw new Error('checkIdNumber: failure without an error');
  return { ok: false, error, errors };
}

/** Characters 2–7 of an identification number: its birth date (DDMMYY) and century. */
const BIRTH_DATE_END = 7;
/** Shown at the end of a mask: the check digit and the two letters before it, no birth date. */
const VISIBLE_TAIL = 3;

/**
 * '3270287A012PB5' → '3*********PB5': the first character and the last three stay, at most five
 * characters in all and never one of the birth date (characters 2–7: a mask lives on in audit
 * rows after the retention purge). The length stays, so it still reads as an ID number.
 */
export function maskIdNumber(value: string): string {
  const chars = Array.from(value);
  const n = chars.length;
  return chars.map((c, i) => (i === 0 || (i >= n - VISIBLE_TAIL && i >= BIRTH_DATE_END) ? c : '*')).join('');
}

/** A mask made before issue 15 ('3270287*******': sex, century and birth date in clear). */
const LEGACY_ID_MASK = /(?<!\d)(\d)\d{6}\*{7}(?!\*)/g;

/**
 * Re-masks the pre-issue-15 masks inside a text: '3270287*******' → '3*************'. The hidden
 * tail cannot be recovered from the old mask, so only the first character stays.
 */
export function remaskLegacyIdMasks(text: string): string {
  return text.replace(LEGACY_ID_MASK, (_m, first: string) => first + '*'.repeat(13));
}

/**
 * Form and main-process schema. Trims surrounding whitespace (never meaningful), then validates
 * exactly: look-alike letters and O/0 are reported, not fixed. Output: the validated number.
 * The issue carries `params.code` (an IdNumberErrorCode) for callers that switch on it.
 */
export const idNumberSchema = z
  .string({ error: messages.empty })
  .trim()
  .transform((value, ctx) => {
    const result = checkIdNumber(value);
    if (result.ok) return result.idNumber;
    ctx.issues.push({ code: 'custom', message: result.error.message, input: value, params: { code: result.error.code } });
    return z.NEVER;
  });

/**
 * The messages above as templates (`{position}`, `{n}`), keyed by code: field-messages.ts turns
 * a message back into its code and parameters, so the renderer can say it in Belarusian.
 */
const SENTINEL = 987654321;
const templateOf = (text: string, name: string) => text.split(String(SENTINEL)).join(`{${name}}`);
export const idNumberMessageTemplates = {
  empty: messages.empty,
  length: templateOf(messages.length(SENTINEL), 'n'),
  cyrillic_letter: templateOf(messages.cyrillic(SENTINEL), 'position'),
  lowercase_letter: templateOf(messages.lowercase(SENTINEL), 'position'),
  invalid_character: templateOf(messages.invalid(SENTINEL), 'position'),
  digit_expected: templateOf(messages.digitExpected(SENTINEL, '5'), 'position'),
  digit_expected_o: templateOf(messages.digitExpected(SENTINEL, 'O'), 'position'),
  digit_expected_i: templateOf(messages.digitExpected(SENTINEL, 'I'), 'position'),
  letter_expected: templateOf(messages.letterExpected(SENTINEL), 'position'),
  sex_century: messages.sexCentury,
  birth_date: messages.birthDate,
  birth_date_future: messages.birthDateFuture,
  check_digit: messages.checkDigit,
  region_unknown: messages.regionUnknown,
  code_unknown: messages.codeUnknown,
  unlikely_century: messages.unlikelyCentury,
  check_digit_overridden: messages.checkDigitOverridden,
} satisfies Record<IdNumberErrorCode | IdNumberWarningCode | 'digit_expected_o' | 'digit_expected_i', string>;
