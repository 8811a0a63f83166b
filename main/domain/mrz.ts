/**
 * MRZ (ICAO 9303) of identity documents: TD1 (3×30), TD2 (2×36), TD3 (2×44) into a typed person and
 * document, with every check digit, the Belarusian identification number located and cross-checked,
 * and expiry against `today` (DOMAIN.md sections 1.5, 3.4, 4). Pure: no I/O, no clock.
 *
 * Own implementation rather than npm `mrz`: the Belarus rules (ID number, cross-checks, expiry,
 * Cyrillic look-alikes) have to be written here anyway, and the ICAO part is small and fully
 * covered by the vectors. Raw MRZ text and field values never go into messages (personal data).
 */
import { computeCheckDigit } from '../../preload/contract/check-digit';
import {
  checkIdNumber,
  isIsoDate,
  toIsoDate,
  type IdNumberErrorCode,
  type IdNumberWarningCode,
  type Sex,
} from '../../preload/contract/id-number';

export const mrzFormats = ['TD1', 'TD2', 'TD3'] as const;
export type MrzFormat = (typeof mrzFormats)[number];

export const mrzErrorCodes = [
  // shape of the input
  'empty',
  'line_count',
  'line_length',
  // characters
  'cyrillic_characters',
  'lowercase',
  'bad_character',
  // ICAO check digits
  'document_number_check_digit',
  'birth_date_check_digit',
  'expiry_date_check_digit',
  'personal_number_check_digit',
  'composite_check_digit',
  // field contents
  'document_code_invalid',
  'document_number_invalid',
  'issuing_state_invalid',
  'nationality_invalid',
  'birth_date_invalid',
  'sex_invalid',
  'expiry_date_invalid',
  'name_invalid',
  // business rules (DOMAIN.md 1.5, 3): a check-digit-correct MRZ can still fail these
  'document_expired',
  'id_number_missing',
  'id_number_invalid',
  'id_number_check_digit',
  'birth_date_mismatch',
  'sex_mismatch',
] as const;
export type MrzErrorCode = (typeof mrzErrorCodes)[number];

/**
 * Errors a clerk may override after comparing with the document, with a reason recorded by the
 * caller (DOMAIN.md 3.2, 3.4). Pass them in `options.override` to get them back as warnings.
 */
export const mrzOverridableErrorCodes = ['id_number_check_digit', 'birth_date_mismatch', 'sex_mismatch'] as const;
export type MrzOverridableErrorCode = (typeof mrzOverridableErrorCodes)[number];

export const mrzWarningCodes = ['name_truncated', 'birth_date_unknown', 'birth_date_mismatch', 'sex_mismatch'] as const;
export type MrzWarningCode = (typeof mrzWarningCodes)[number];

export type MrzError = {
  code: MrzErrorCode;
  /** Russian, says what to do; never contains MRZ characters or field values. */
  message: string;
  /** 1-based line of the MRZ. */
  line?: number;
  /** 1-based character position within `line`. */
  position?: number;
  /** For id_number_invalid / id_number_check_digit: the identification-number rule that failed. */
  idNumberError?: IdNumberErrorCode;
};

export type MrzWarning = { code: MrzWarningCode | IdNumberWarningCode; message: string };

export type MrzDocument = {
  format: MrzFormat;
  /** Fillers removed: 'P', 'PP', 'I', 'ID', 'IR'. */
  documentCode: string;
  /** ICAO code as printed, fillers removed ('BLR', 'D', 'UTO'); not checked against a country list. */
  issuingState: string;
  /** Full document number, fillers removed; a long number is joined with its overflow. */
  documentNumber: string;
  /** Series of a Belarusian passport (the 2 letters of 'MP1234567'); absent otherwise. */
  series?: string;
  /** documentNumber without the series. */
  number: string;
  /** TD1 optional data 1, TD2 optional data, TD3 personal-number field; '<' shown as space, end trimmed. */
  optionalData1: string;
  /** TD1 optional data 2; '' for TD2/TD3. */
  optionalData2: string;
};

export type MrzPerson = {
  surnameLatin: string;
  givenNamesLatin: string;
  /** The name field is full to its last character, so the MRZ name may be cut short. */
  namesMayBeTruncated: boolean;
  /** 'YYYY-MM-DD'; the century comes from the ID number when there is one. Null when the MRZ leaves it unknown. */
  birthDate: string | null;
  /** Null when the MRZ says unspecified and no ID number tells. */
  sex: Sex | null;
  nationality: string;
  /** The Belarusian identification number (= UID); null for documents not issued by an `idNumberStates` state. */
  idNumber: string | null;
};

export type MrzResult =
  | { ok: true; document: MrzDocument; person: MrzPerson; expiresAt: string; warnings: MrzWarning[] }
  /** `error` is the one to show; `errors` holds everything found at the same stage (error === errors[0]). */
  | { ok: false; error: MrzError; errors: MrzError[] };

export type MrzParseOptions = {
  /** 'YYYY-MM-DD' local calendar date: expiry is checked against it, and two-digit years pivot around it. */
  today: string;
  /** Errors the clerk has overridden (see mrzOverridableErrorCodes). */
  override?: readonly MrzOverridableErrorCode[];
  /** Issuing states whose documents must carry an identification number. Default: ['BLR']. */
  idNumberStates?: readonly string[];
};

const LINE_LENGTH: Record<MrzFormat, number> = { TD1: 30, TD2: 36, TD3: 44 };

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
type Field = { text: string; line: number; position: number };

type Layout = {
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
function layoutOf(format: MrzFormat, lines: readonly string[]): Layout {
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

const isDigit = (ch: string): boolean => ch.length === 1 && ch >= '0' && ch <= '9';
const isFiller = (text: string): boolean => /^<*$/.test(text);

/**
 * ICAO check digit of `text` against `check`. A field that is entirely filler may carry '<' instead
 * of a digit where `fillerAllowed` (dates left unknown, an empty TD3 personal number).
 */
function checkDigitHolds(text: string, check: string, fillerAllowed: boolean): boolean {
  if (check === '<') return fillerAllowed && isFiller(text);
  return isDigit(check) && computeCheckDigit(text) === Number(check);
}

type DocumentNumber = { number: string; checkHolds: boolean; wellFormed: boolean; overflowLength: number };

/**
 * The document number, with the long-number rule: check-digit place '<' means the number continues
 * in the optional data up to the next '<', whose last character is its check digit. Issuers differ
 * on whether that '<' counts in the check digit (PRADO BEL-BO-03003 includes it, BEL-BO-11005
 * does not; DOMAIN.md 4.3), so either is accepted.
 */
function readDocumentNumber(docField: string, check: string, optional: string): DocumentNumber {
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
type DateParts = { yy: number | null; mm: number | null; dd: number | null };

function dateParts(text: string): DateParts | 'invalid' {
  const parts = [text.slice(0, 2), text.slice(2, 4), text.slice(4, 6)].map((p) => (p === '<<' ? null : /^\d\d$/.test(p) ? Number(p) : NaN));
  if (parts.some((p) => Number.isNaN(p))) return 'invalid';
  const [yy = null, mm = null, dd = null] = parts;
  if (mm !== null && (mm < 1 || mm > 12)) return 'invalid';
  if (dd !== null && (dd < 1 || dd > 31)) return 'invalid';
  return { yy, mm, dd };
}

/** Birth years pivot so that the date is never after today. */
function birthIso(parts: DateParts, today: string): string | null | 'invalid' {
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
function expiryIso(parts: DateParts, today: string): string | null {
  const { yy, mm, dd } = parts;
  if (yy === null || mm === null || dd === null) return null;
  const thisYear = Number(today.slice(0, 4));
  let year = Math.floor(thisYear / 100) * 100 + yy;
  if (year > thisYear + 49) year -= 100;
  else if (year < thisYear - 50) year += 100;
  return toIsoDate(year, mm, dd);
}

function namesOf(text: string): { surname: string; given: string } {
  const split = text.indexOf('<<');
  const clean = (part: string): string => part.replace(/<+/g, ' ').trim();
  return split === -1 ? { surname: clean(text), given: '' } : { surname: clean(text.slice(0, split)), given: clean(text.slice(split + 2)) };
}

const display = (text: string): string => text.replace(/</g, ' ').trimEnd();
const stripFiller = (text: string): string => text.replace(/<+$/, '');

const REREAD = 'Повторите считывание; если ошибка повторяется, сверьте документ и введите данные вручную.';
const OVERRIDE = 'Сверьте с документом: продолжить можно только по решению специалиста с указанием причины.';

const checkDigitName: Record<
  'document_number_check_digit' | 'birth_date_check_digit' | 'expiry_date_check_digit' | 'personal_number_check_digit',
  string
> = {
  document_number_check_digit: 'номера документа',
  birth_date_check_digit: 'даты рождения',
  expiry_date_check_digit: 'срока действия',
  personal_number_check_digit: 'личного номера',
};

const where = (at: Field): string => `строка ${at.line}, позиция ${at.position}`;

function issue(code: MrzErrorCode, message: string, at?: { line: number; position: number }): MrzError {
  return at === undefined ? { code, message } : { code, message, line: at.line, position: at.position };
}

function failWith(errors: MrzError[]): MrzResult {
  const [error] = errors;
  // Unreachable with an empty list: callers only fail with at least one issue.
  if (error === undefined) throw new Error('parseMrz: failure without an error');
  return { ok: false, error, errors };
}

/** Decides the format from the line count and the line lengths. */
function formatOf(lines: readonly string[]): MrzFormat | MrzError {
  if (lines.length === 0) {
    return issue('empty', 'Считыватель не передал MRZ. Положите документ страницей с MRZ на стекло и повторите считывание.');
  }
  if (lines.length !== 2 && lines.length !== 3) {
    return issue('line_count', `MRZ состоит из 2 или 3 строк, а получено ${lines.length}. Повторите считывание.`);
  }
  const lengthIssue = (line: number, actual: number, expected: string): MrzError =>
    issue('line_length', `Строка ${line} MRZ: ${actual} символов вместо ${expected}. ${REREAD}`, { line, position: 1 });
  if (lines.length === 3) {
    const bad = lines.findIndex((l) => l.length !== LINE_LENGTH.TD1);
    return bad === -1 ? 'TD1' : lengthIssue(bad + 1, (lines[bad] ?? '').length, '30');
  }
  const first = lines[0] ?? '';
  const format: MrzFormat | null = first.length === LINE_LENGTH.TD3 ? 'TD3' : first.length === LINE_LENGTH.TD2 ? 'TD2' : null;
  if (format === null) return lengthIssue(1, first.length, '36 или 44');
  const second = lines[1] ?? '';
  return second.length === LINE_LENGTH[format] ? format : lengthIssue(2, second.length, String(LINE_LENGTH[format]));
}

/** Only A–Z, 0–9 and '<'. Cyrillic look-alikes are refused, never mapped: the reader or layout is wrong. */
function characterIssues(lines: readonly string[]): MrzError[] {
  const found = new Map<MrzErrorCode, MrzError>();
  lines.forEach((line, l) => {
    [...line].forEach((ch, p) => {
      if (/^[A-Z0-9<]$/.test(ch)) return;
      const at = { line: l + 1, position: p + 1 };
      const code: MrzErrorCode = /[\u0400-\u04FF]/.test(ch) ? 'cyrillic_characters' : /[a-z]/.test(ch) ? 'lowercase' : 'bad_character';
      if (found.has(code)) return;
      const message =
        code === 'cyrillic_characters'
          ? `В MRZ русская буква (строка ${at.line}, позиция ${at.position}). Переключите раскладку клавиатуры (или считывателя) на английскую и повторите считывание.`
          : code === 'lowercase'
            ? `MRZ пришла строчными буквами (строка ${at.line}). Выключите Caps Lock и повторите считывание.`
            : `Недопустимый символ в MRZ (строка ${at.line}, позиция ${at.position}): в MRZ только латинские буквы, цифры и «<». ${REREAD}`;
      found.set(code, { code, message, ...at });
    });
  });
  return [...found.values()];
}

/** Parses and checks an MRZ. `input` is reader text or already split lines. */
export function parseMrz(input: string | readonly string[], options: MrzParseOptions): MrzResult {
  const { today } = options;
  if (!isIsoDate(today)) throw new RangeError('parseMrz: today must be YYYY-MM-DD');
  const override = new Set<MrzErrorCode>(options.override ?? []);
  const idNumberStates = options.idNumberStates ?? ['BLR'];

  const lines = splitMrzLines(typeof input === 'string' ? input : input.join('\n'));
  const format = formatOf(lines);
  if (typeof format !== 'string') return failWith([format]);
  const chars = characterIssues(lines);
  if (chars.length > 0) return failWith(chars);

  // Stage 3: check digits first (a misread), then the contents of each field.
  const f = layoutOf(format, lines);
  const checks: MrzError[] = [];
  const contents: MrzError[] = [];
  const checkFailed = (code: keyof typeof checkDigitName, at: Field): void => {
    checks.push(issue(code, `Контрольная цифра ${checkDigitName[code]} не сходится (${where(at)}). ${REREAD}`, at));
  };

  const doc = readDocumentNumber(f.docNumber.text, f.docCheck.text, f.optional1.text);
  if (doc.number.length > 0 && !doc.checkHolds) checkFailed('document_number_check_digit', f.docCheck);
  if (!checkDigitHolds(f.birth.text, f.birthCheck.text, true)) checkFailed('birth_date_check_digit', f.birthCheck);
  if (!checkDigitHolds(f.expiry.text, f.expiryCheck.text, true)) checkFailed('expiry_date_check_digit', f.expiryCheck);
  if (f.optional1Check !== null && !checkDigitHolds(f.optional1.text, f.optional1Check.text, true)) {
    checkFailed('personal_number_check_digit', f.optional1Check);
  }
  if (!checkDigitHolds(f.compositeInput, f.composite.text, false)) {
    checks.push(issue('composite_check_digit', `Общая контрольная цифра MRZ не сходится (${where(f.composite)}). ${REREAD}`, f.composite));
  }

  const [codeFirst = '', codeSecond = ''] = [...f.code.text];
  const codeOk =
    (format === 'TD3' ? codeFirst === 'P' : ['I', 'A', 'C', ...(format === 'TD2' ? ['P'] : [])].includes(codeFirst)) &&
    /^[A-Z<]$/.test(codeSecond) &&
    // ICAO: V is not used as the second character of an ID-card code (it would read as a visa).
    (format === 'TD3' || codeSecond !== 'V');
  if (!codeOk) {
    contents.push(
      issue(
        'document_code_invalid',
        'Вид документа в MRZ не распознан (это не паспорт и не удостоверение личности, например виза). Предъявите документ, удостоверяющий личность.',
        f.code,
      ),
    );
  }
  if (doc.number.length === 0 || !doc.wellFormed) {
    contents.push(
      issue('document_number_invalid', `Номер документа в MRZ записан неверно (${where(f.docNumber)}). ${REREAD}`, f.docNumber),
    );
  }
  const stateOk = (text: string): boolean => /^[A-Z]{1,3}<*$/.test(text);
  if (!stateOk(f.state.text)) {
    contents.push(issue('issuing_state_invalid', `Код государства выдачи в MRZ записан неверно (${where(f.state)}). ${REREAD}`, f.state));
  }
  if (!stateOk(f.nationality.text)) {
    contents.push(
      issue('nationality_invalid', `Код гражданства в MRZ записан неверно (${where(f.nationality)}). ${REREAD}`, f.nationality),
    );
  }
  const birthParts = dateParts(f.birth.text);
  const mrzBirth = birthParts === 'invalid' ? 'invalid' : birthIso(birthParts, today);
  if (mrzBirth === 'invalid') {
    contents.push(issue('birth_date_invalid', `Дата рождения в MRZ невозможна (${where(f.birth)}). ${REREAD}`, f.birth));
  }
  const sexChar = f.sex.text;
  if (!['M', 'F', '<', 'X'].includes(sexChar)) {
    contents.push(issue('sex_invalid', `Пол в MRZ записан неверно (${where(f.sex)}). ${REREAD}`, f.sex));
  }
  const expiryParts = dateParts(f.expiry.text);
  const expiresAt = expiryParts === 'invalid' ? null : expiryIso(expiryParts, today);
  if (expiresAt === null) {
    contents.push(
      issue(
        'expiry_date_invalid',
        `Срок действия в MRZ не указан или невозможен (${where(f.expiry)}). Сверьте срок действия по документу; без него документ не принимается.`,
        f.expiry,
      ),
    );
  }
  if (!/^[A-Z][A-Z<]*$/.test(f.name.text)) {
    contents.push(
      issue(
        'name_invalid',
        `Фамилия и имя в MRZ записаны неверно (строка ${f.name.line}): допустимы только латинские буквы и «<». ${REREAD}`,
        f.name,
      ),
    );
  }
  if (checks.length + contents.length > 0) return failWith([...checks, ...contents]);
  // Narrowing for the compiler: the checks above have already failed otherwise.
  if (expiresAt === null || mrzBirth === 'invalid' || birthParts === 'invalid') return failWith(contents);

  // Stage 4: business rules on a well-read MRZ.
  const business: MrzError[] = [];
  const warnings: MrzWarning[] = [];
  if (expiresAt < today) {
    business.push(
      issue(
        'document_expired',
        'Срок действия документа истёк: документ недействителен. Попросите действующий документ; иначе в приёме заявления отказывается.',
        f.expiry,
      ),
    );
  }

  const issuingState = stripFiller(f.state.text);
  const mrzSex: Sex | null = sexChar === 'M' || sexChar === 'F' ? sexChar : null;
  let idNumber: string | null = null;
  let birthDate: string | null = mrzBirth;
  let sex: Sex | null = mrzSex;

  if (idNumberStates.includes(issuingState)) {
    // The ID number sits in the optional data (TD3 personal number, TD1 optional data 1), possibly
    // after a leading filler; what a long document number used up is skipped.
    const host = f.optional1;
    const rest = host.text.slice(doc.overflowLength);
    const start = rest.search(/[^<]/);
    const candidate = start === -1 ? '' : rest.slice(start).replace(/<+$/, '');
    const at = { line: host.line, position: host.position + doc.overflowLength + Math.max(start, 0) };
    if (candidate.length === 0) {
      business.push(
        issue(
          'id_number_missing',
          'В MRZ нет идентификационного номера. Проверьте документ: если номера в нём нет, УИД по этому документу оформить нельзя.',
          at,
        ),
      );
    } else {
      const checked = checkIdNumber(candidate, { today, overrideCheckDigit: override.has('id_number_check_digit') });
      if (!checked.ok) {
        const onlyCheckDigit = checked.errors.length === 1 && checked.error.code === 'check_digit';
        const position = at.position + (checked.error.position ?? 1) - 1;
        business.push(
          onlyCheckDigit
            ? {
                code: 'id_number_check_digit',
                message: `Контрольная цифра идентификационного номера в MRZ не сходится. ${OVERRIDE}`,
                line: at.line,
                position,
                idNumberError: 'check_digit',
              }
            : {
                code: 'id_number_invalid',
                message: `Идентификационный номер в MRZ неверен. ${checked.error.message}`,
                line: at.line,
                position,
                idNumberError: checked.error.code,
              },
        );
      } else {
        idNumber = checked.idNumber;
        warnings.push(...checked.warnings);
        birthDate = checked.birthDate;
        sex = mrzSex ?? checked.sex;
        // Compare what the MRZ states; parts it leaves unknown cannot disagree.
        const [dd, mm, yy] = [2, 4, 6].map((i) => Number(checked.idNumber.slice(i - 1, i + 1)));
        const differs = (mrz: number | null, id: number | undefined): boolean => mrz !== null && mrz !== id;
        if (differs(birthParts.yy, yy) || differs(birthParts.mm, mm) || differs(birthParts.dd, dd)) {
          // The printed date is the document's claim; the ID number may keep a since-corrected one.
          birthDate = mrzBirth;
          const message = 'Дата рождения в MRZ не совпадает с датой в идентификационном номере.';
          if (override.has('birth_date_mismatch')) warnings.push({ code: 'birth_date_mismatch', message });
          else business.push(issue('birth_date_mismatch', `${message} ${OVERRIDE}`, f.birth));
        }
        if (mrzSex !== null && mrzSex !== checked.sex) {
          const message = 'Пол в MRZ не совпадает с полом по идентификационному номеру (первая цифра).';
          if (override.has('sex_mismatch')) warnings.push({ code: 'sex_mismatch', message });
          else business.push(issue('sex_mismatch', `${message} ${OVERRIDE}`, f.sex));
        }
      }
    }
  }
  if (business.length > 0) return failWith(business);

  if (birthDate === null) {
    warnings.push({ code: 'birth_date_unknown', message: 'Дата рождения в MRZ указана не полностью: введите её по документу.' });
  }
  const namesMayBeTruncated = !f.name.text.endsWith('<');
  if (namesMayBeTruncated) {
    warnings.push({
      code: 'name_truncated',
      message: 'Фамилия и имя в MRZ могли быть сокращены до длины строки: вводите ФИО по лицевой стороне документа.',
    });
  }

  const documentCode = stripFiller(f.code.text);
  const documentNumber = doc.number;
  // Belarusian passports: 2-letter series + 7 digits (DOMAIN.md 2.2). Other formats are not split.
  const seriesMatch = issuingState === 'BLR' && documentCode.startsWith('P') ? /^([A-Z]{2})([0-9]{7})$/.exec(documentNumber) : null;
  const names = namesOf(f.name.text);
  const document: MrzDocument = {
    format,
    documentCode,
    issuingState,
    documentNumber,
    number: seriesMatch?.[2] ?? documentNumber,
    optionalData1: display(f.optional1.text),
    optionalData2: f.optional2 === null ? '' : display(f.optional2.text),
  };
  if (seriesMatch?.[1] !== undefined) document.series = seriesMatch[1];

  return {
    ok: true,
    document,
    person: {
      surnameLatin: names.surname,
      givenNamesLatin: names.given,
      namesMayBeTruncated,
      birthDate,
      sex,
      nationality: stripFiller(f.nationality.text),
      idNumber,
    },
    expiresAt,
    warnings,
  };
}
