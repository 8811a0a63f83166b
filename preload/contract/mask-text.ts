/**
 * Masks identification numbers and Belarusian phone numbers wherever they sit in a text: the
 * log's last line of defence (main/log.ts) and the audit log's free text (db/repositories/audit.ts).
 * An ID number is shown as maskIdNumber shows it: the first character and the last three, never
 * the birth date (characters 2–7); a phone keeps its operator code and last two digits.
 */
import { remaskLegacyIdMasks } from './id-number';

// Unanchored: the number is masked wherever it sits, also glued to other characters (an MRZ line, a file name).
const ID_NUMBER = /(\d)\d{6}[A-Z]\d{3}([A-Z]{2}\d)/gi;
// +375 29 123-45-67, +375 (29) 1234567, 375291234567, 8 029 123 45 67, 8(029)1234567, 80291234567.
const PHONE =
  /(?<!\d)(?:(?:\+\s*)?375[\s-]*\(?\s*0?(\d{2})\s*\)?|8[\s-]*\(?\s*0[\s-]*(\d{2})\s*\)?)[\s-]*(?:\d[\s-]*){5}(\d)[\s-]*(\d)(?!\d)/g;

export function maskText(text: string): string {
  return remaskLegacyIdMasks(text)
    .replace(ID_NUMBER, '$1**********$2')
    .replace(PHONE, (_m, code?: string, domestic?: string, d1?: string, d2?: string) => `+375 ${code ?? domestic} ***-**-${d1}${d2}`);
}
