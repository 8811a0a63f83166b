/**
 * MRZ (ICAO 9303) of identity documents: TD1 (3×30), TD2 (2×36), TD3 (2×44) into a typed person and
 * document, with every check digit, the Belarusian identification number located and cross-checked,
 * and expiry against `today` (DOMAIN.md sections 1.5, 3.4, 4). Pure: no I/O, no clock.
 *
 * Own implementation rather than npm `mrz`: the Belarus rules (ID number, cross-checks, expiry,
 * Cyrillic look-alikes) have to be written here anyway, and the ICAO part is small and fully
 * covered by the vectors. Raw MRZ text and field values never go into messages (personal data).
 */
import { fieldMessage } from '../../preload/contract/field-messages';
import { checkIdNumber, isIsoDate, type Sex } from '../../preload/contract/id-number';
import {
  birthIso,
  checkDigitHolds,
  dateParts,
  display,
  expiryIso,
  layoutOf,
  LINE_LENGTH,
  namesOf,
  readDocumentNumber,
  splitMrzLines,
  stripFiller,
  type Field,
} from './mrz-fields';
import type { MrzDocument, MrzError, MrzErrorCode, MrzFormat, MrzParseOptions, MrzResult, MrzWarning } from './mrz-types';

export * from './mrz-types';
export { splitMrzLines } from './mrz-fields';

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
          const message = fieldMessage('mrz.birth_date_mismatch');
          if (override.has('birth_date_mismatch')) warnings.push({ code: 'birth_date_mismatch', message });
          else business.push(issue('birth_date_mismatch', `${message} ${OVERRIDE}`, f.birth));
        }
        if (mrzSex !== null && mrzSex !== checked.sex) {
          const message = fieldMessage('mrz.sex_mismatch');
          if (override.has('sex_mismatch')) warnings.push({ code: 'sex_mismatch', message });
          else business.push(issue('sex_mismatch', `${message} ${OVERRIDE}`, f.sex));
        }
      }
    }
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
  // Read well but refused (expired…): what was read goes with the refusal, for the clerk to see
  // which document it was (it stays in main until the form takes it, like a good read).
  if (business.length > 0) {
    const person = { surnameLatin: names.surname, givenNamesLatin: names.given, nationality: stripFiller(f.nationality.text) };
    const failed = failWith(business);
    return failed.ok ? failed : { ...failed, refused: { document, person, expiresAt } };
  }

  if (birthDate === null) {
    warnings.push({ code: 'birth_date_unknown', message: fieldMessage('mrz.birth_date_unknown') });
  }
  const namesMayBeTruncated = !f.name.text.endsWith('<');
  if (namesMayBeTruncated) {
    warnings.push({
      code: 'name_truncated',
      message: fieldMessage('mrz.name_truncated'),
    });
  }

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
