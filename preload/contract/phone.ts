/**
 * Belarusian mobile numbers (DOMAIN.md section 5): parse every usual written form to E.164, accept
 * only the libphonenumber type MOBILE (the SMS must reach a handset), format and mask for display.
 * Uses the `max` metadata: the `mobile` and `min` sets cannot tell a landline from a bad number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

export const phoneErrorCodes = [
  'empty',
  'invalid_characters',
  'too_short',
  'too_long',
  'not_belarusian',
  'not_allocated',
  'landline',
  'voip',
  'not_mobile',
  'invalid',
] as const;
export type PhoneErrorCode = (typeof phoneErrorCodes)[number];

export type PhoneError = { code: PhoneErrorCode; message: string };

export type ParsedPhone =
  | {
      ok: true;
      /** '+375291234567': what is stored and sent. */
      e164: string;
      /** '+375 29 123-45-67': what the clerk sees. */
      display: string;
      /** '8 029 123-45-67': the domestic form, as libphonenumber writes it. */
      national: string;
    }
  | { ok: false; error: PhoneError };

/** Belarusian national significant number: always 9 digits. */
const NSN_LENGTH = 9;
const BY_E164 = /^\+375(\d{2})(\d{3})(\d{2})(\d{2})$/;

const messages: Record<PhoneErrorCode, string> = {
  empty: 'Введите номер мобильного телефона, например +375 29 123-45-67.',
  invalid_characters:
    'В номере телефона допустимы только цифры, пробелы, дефисы, скобки и «+» в начале. Уберите другие знаки (добавочный номер не нужен).',
  too_short: 'В номере не хватает цифр: после +375 должно быть 9 цифр (код оператора и номер абонента).',
  too_long: 'В номере лишние цифры: после +375 должно быть ровно 9 цифр. Проверьте номер.',
  not_belarusian: 'Нужен номер белорусского мобильного оператора (+375). Иностранный номер не подходит.',
  not_allocated:
    'Такого мобильного номера нет: эти цифры после кода не выделены операторам (действуют 25 5…, 25 6…, 25 7…, 25 9…, 29 1…–29 9…, 33, 44). Проверьте номер.',
  landline: 'Это городской (стационарный) номер. Нужен номер мобильного телефона: на него придёт SMS.',
  voip: 'Это номер IP-телефонии, SMS на него может не прийти. Нужен номер мобильного телефона.',
  not_mobile: 'Это не мобильный номер (например, бесплатный или платный сервис). Нужен номер мобильного телефона.',
  invalid: 'Номер телефона не распознан. Введите его в виде +375 29 123-45-67 или 8 029 123-45-67.',
};

/** The words of each code (field-messages.ts maps them back to the code). */
export const phoneErrorMessages: Readonly<Record<PhoneErrorCode, string>> = messages;

const fail = (code: PhoneErrorCode): ParsedPhone => ({ ok: false, error: { code, message: messages[code] } });

/**
 * Parses `+375 (29) 123-45-67`, `8 029 123 45 67`, `80291234567`, `0291234567`, `291234567`,
 * `375291234567`, `00375…`, `810375…`; only a Belarusian MOBILE number is accepted.
 */
export function parsePhone(raw: string): ParsedPhone {
  const text = raw.trim();
  if (text.length === 0) return fail('empty');
  // Only layout characters; letters (an extension, a typo) are refused rather than silently dropped,
  // which libphonenumber would otherwise do.
  if (!/^\+?[0-9\s().-]+$/.test(text)) return fail('invalid_characters');

  const digits = text.replace(/\D/g, '');
  if (digits.length === 0) return fail('invalid');
  // `00` is the international prefix most of Europe uses; BY metadata only knows 8~10.
  const input = text.startsWith('+') ? `+${digits}` : digits.startsWith('00') ? `+${digits.slice(2)}` : digits;

  const parsed = parsePhoneNumberFromString(input, 'BY');
  if (parsed === undefined) return fail(digits.length < NSN_LENGTH ? 'too_short' : 'invalid');
  if (parsed.countryCallingCode !== '375') return fail('not_belarusian');
  if (!parsed.isValid()) {
    // Mobile numbers are always 9 digits: say which way the count is off before blaming the prefix.
    const nsn = parsed.nationalNumber;
    return fail(nsn.length < NSN_LENGTH ? 'too_short' : nsn.length > NSN_LENGTH ? 'too_long' : 'not_allocated');
  }

  // A valid number of another type (landline, VoIP, 8 800 …) gets its own message, whatever its length.
  switch (parsed.getType()) {
    case 'MOBILE':
      return { ok: true, e164: parsed.number, display: formatPhone(parsed.number), national: parsed.formatNational() };
    case 'FIXED_LINE':
      return fail('landline');
    case 'VOIP':
      return fail('voip');
    default:
      return fail('not_mobile');
  }
}

/** '+375291234567' → '+375 29 123-45-67'. Anything that is not a 12-digit +375 number comes back unchanged. */
export function formatPhone(e164: string): string {
  const m = BY_E164.exec(e164);
  if (m === null) return e164;
  return `+375 ${m[1]} ${m[2]}-${m[3]}-${m[4]}`;
}

/** '+375291234567' → '+375 29 ***-**-67' (as central-api.yaml `phoneMasked`); other input: all but the last 2 digits hidden. */
export function maskPhone(e164: string): string {
  const m = BY_E164.exec(e164);
  if (m !== null) return `+375 ${m[1]} ***-**-${m[4]}`;
  const total = e164.replace(/\D/g, '').length;
  let seen = 0;
  return e164.replace(/\d/g, (d) => (++seen > total - 2 ? d : '*'));
}

/**
 * Form and main-process schema: every usual written form in, E.164 out. The issue carries
 * `params.code` (a PhoneErrorCode) for callers that switch on it.
 */
export const phoneSchema = z.string({ error: messages.empty }).transform((raw, ctx) => {
  const result = parsePhone(raw);
  if (result.ok) return result.e164;
  ctx.issues.push({ code: 'custom', message: result.error.message, input: raw, params: { code: result.error.code } });
  return z.NEVER;
});
