/**
 * ICAO 9303 check digit (weights 7-3-1, mod 10). One routine for the MRZ and the Belarusian
 * identification number (DOMAIN.md 3.2). Lives in the neutral contract layer so that the
 * renderer (id-number rules) and main (MRZ parsing) share it.
 */

/** The value of one MRZ character: '0'–'9' → 0–9, 'A'–'Z' → 10–35, '<' → 0; null for anything else. */
export function checkDigitValue(ch: string): number | null {
  if (ch.length !== 1) return null;
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (ch === '<') return 0;
  return null;
}

/**
 * The check digit (0–9) of `chars`. Throws on a character outside `[0-9A-Z<]`: callers validate
 * the alphabet first, so reaching it is a bug, not user input.
 */
export function computeCheckDigit(chars: string): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars.charAt(i);
    const value = checkDigitValue(ch);
    if (value === null) throw new RangeError(`check digit: character at index ${i} is outside [0-9A-Z<]`);
    // ICAO weights repeat 7, 3, 1 from the first character.
    const weight = i % 3 === 0 ? 7 : i % 3 === 1 ? 3 : 1;
    sum += value * weight;
  }
  return sum % 10;
}
