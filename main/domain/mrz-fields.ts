/**
 * MRZ field layout (ICAO 9303 Parts 4–6) and the readers of single fields: check digits, the long
 * document number, two-digit dates with their century pivots, names. Pure: no I/O, no clock.
 */
import { computeCheckDigit } from '../../preload/contract/check-digit';
import { toIsoDate } from '../../preload/contract/id-number';
import type { MrzFormat } from './mrz-types';

export const LINE_LENGTH: Record<MrzFormat, number> = { TD1: 30, TD2: 36, TD3: 44 };

/**
 * Splits reader output into MRZ lines: CR, LF or CRLF, surrounding whitespace trimmed, empty lines
 * dropped (a trailing terminator, or the empty first line some readers send for a 2-line MRZ).
 */
export function splitMrzLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** A field of the MRZ with its 1-based place, for messages. */
export type Field = { text: string; line: number; position: number };

export type Layout = {
  code: Field;
  state: Field;
  name: Field;
  docNumber: Field;
  docCheck: Field;
  nationality: Field;
  birth: Field;
  birthCheck: Field;
  sex: Field;
  expiry: Field;
  expiryCheck: Field;
  optional1: Field;
  /** TD3 only: the personal-number check digit. */
  optional1Check: Field | null;
  optional2: Field | null;
  composite: Field;
  compositeInput: string;
};

function field(lines: readonly string[], line: number, start: number, length: number): Field {
  return { text: (lines[line] ?? '').slice(start, start + length), line: line + 1, position: start + 1 };
}

/** Field positions per ICAO 9303 Parts 4–6 (DOMAIN.md 4.2–4.4), 0-based here. */
export function layoutOf(format: MrzFormat, lines: readonly string[]): Layout {
  const f = (line: number, start: number, length: number): Field => field(lines, line, start, length);
  if (format === 'TD1') {
    const l1 = lines[0] ?? '';
    const l2 = lines[1] ?? '';
    return {
      code: f(0, 0, 2),
      state: f(0, 2, 3),
      docNumber: f(0, 5, 9),
      docCheck: f(0, 14, 1),
      optional1: f(0, 15, 15),
      birth: f(1, 0, 6),
      birthCheck: f(1, 6, 1),
      sex: f(1, 7, 1),
      expiry: f(1, 8, 6),
      expiryCheck: f(1, 14, 1),
      nationality: f(1, 15, 3),
      optional2: f(1, 18, 11),
      composite: f(1, 29, 1),
      compositeInput: l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29),
      name: f(2, 0, 30),
      optional1Check: null,
    };
  }
  // TD2 and TD3 share line 2 up to the optional data; only the lengths differ.
  const width = LINE_LENGTH[format];
  const l2 = lines[1] ?? '';
  return {
    code: f(0, 0, 2),
    state: f(0, 2, 3),
    name: f(0, 5, width - 5),
    docNumber: f(1, 0, 9),
    docCheck: f(1, 9, 1),
    nationality: f(1, 10, 3),
    birth: f(1, 13, 6),
    birthCheck: f(1, 19, 1),
    sex: f(1, 20, 1),
    expiry: f(1, 21, 6),
    expiryCheck: f(1, 27, 1),
    optional1: format === 'TD3' ? f(1, 28, 14) : f(1, 28, 7),
    optional1Check: format === 'TD3' ? f(1, 42, 1) : null,
    optional2: null,
    composite: f(1, width - 1, 1),
    compositeInput: l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, width - 1),
  };
}

export const isDigit = (ch: string): boolean => ch.length === 1 && ch >= '0' && ch <= '9';
export const isFiller = (text: string): boolean => /^<*$/.test(text);

/**
 * ICAO check digit of `text` against `check`. A field that is entirely filler may carry '<' instead
 * of a digit where `fillerAllowed` (dates left unknown, an empty TD3 personal number).
 */
export function checkDigitHolds(text: string, check: string, fillerAllowed: boolean): boolean {
  if (check === '<') return fillerAllowed && isFiller(text);
  return isDigit(check) && computeCheckDigit(text) === Number(check);
}

export type DocumentNumber = { number: string; checkHolds: boolean; wellFormed: boolean; overflowLength: number };

/**
 * The document number, with the long-number rule: check-digit place '<' means the number continues
 * in the optional data up to the next '<', whose last character is its check digit. Issuers differ
 * on whether that '<' counts in the check digit (PRADO BEL-BO-03003 includes it, BEL-BO-11005
 * does not; DOMAIN.md 4.3), so either is accepted.
 */
export function readDocumentNumber(docField: string, check: string, optional: string): DocumentNumber {
  if (check === '<' && !docField.includes('<') && !optional.startsWith('<')) {
    const end = optional.indexOf('<');
    const overflow = end === -1 ? optional : optional.slice(0, end);
    const extra = overflow.slice(0, -1);
    const extraCheck = overflow.slice(-1);
    const checkHolds =
      overflow.length >= 2 &&
      isDigit(extraCheck) &&
      (computeCheckDigit(docField + extra) === Number(extraCheck) || computeCheckDigit(`${docField}<${extra}`) === Number(extraCheck));
    return { number: docField + extra, checkHolds, wellFormed: /^[A-Z0-9]+$/.test(extra), overflowLength: overflow.length };
  }
  return {
    number: docField.replace(/<+$/, ''),
    checkHolds: checkDigitHolds(docField, check, false),
    wellFormed: /^[A-Z0-9]+<*$/.test(docField),
    overflowLength: 0,
  };
}

/** Two-digit parts of an MRZ date; null = left unknown with '<<'. */
export type DateParts = { yy: number | null; mm: number | null; dd: number | null };

export function dateParts(text: string): DateParts | 'invalid' {
  const parts = [text.slice(0, 2), text.slice(2, 4), text.slice(4, 6)].map((p) => (p === '<<' ? null : /^\d\d$/.test(p) ? Number(p) : NaN));
  if (parts.some((p) => Number.isNaN(p))) return 'invalid';
  const [yy = null, mm = null, dd = null] = parts;
  if (mm !== null && (mm < 1 || mm > 12)) return 'invalid';
  if (dd !== null && (dd < 1 || dd > 31)) return 'invalid';
  return { yy, mm, dd };
}

/** Birth years pivot so that the date is never after today. */
export function birthIso(parts: DateParts, today: string): string | null | 'invalid' {
  const { yy, mm, dd } = parts;
  if (yy === null || mm === null || dd === null) {
    // Partly unknown: still reject a day that no month has (31 in a 30-day month).
    if (mm !== null && dd !== null && toIsoDate(2000, mm, dd) === null) return 'invalid';
    return null;
  }
  const recent = `${2000 + yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  const century = recent <= today ? 2000 : 1900;
  return toIsoDate(century + yy, mm, dd) ?? 'invalid';
}

/**
 * Expiry years pivot into today −50 … +49 years. Wider than the "−10 … +20" sketched in DOMAIN.md 2.3
 * because a 1996-model passport issued at 64 is valid to age 100 (up to 36 years ahead).
 */
export function expiryIso(parts: DateParts, today: string): string | null {
  const { yy, mm, dd } = parts;
  if (yy === null || mm === null || dd === null) return null;
  const thisYear = Number(today.slice(0, 4));
  let year = Math.floor(thisYear / 100) * 100 + yy;
  if (year > thisYear + 49) year -= 100;
  else if (year < thisYear - 50) year += 100;
  return toIsoDate(year, mm, dd);
}

export function namesOf(text: string): { surname: string; given: string } {
  const split = text.indexOf('<<');
  const clean = (part: string): string => part.replace(/<+/g, ' ').trim();
  return split === -1 ? { surname: clean(text), given: '' } : { surname: clean(text.slice(0, split)), given: clean(text.slice(split + 2)) };
}

export const display = (text: string): string => text.replace(/</g, ' ').trimEnd();
export const stripFiller = (text: string): string => text.replace(/<+$/, '');
