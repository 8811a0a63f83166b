import { describe, expect, it } from 'vitest';
import { formatPhone, maskPhone, parsePhone, phoneErrorCodes, phoneSchema, type PhoneErrorCode } from '../../preload/contract/phone';

describe('phone: vectors.md F, usable for a UID', () => {
  it.each([
    { id: 'PH1', input: '+375291234567', e164: '+375291234567', national: '8 029 123-45-67' },
    { id: 'PH2', input: '+375 29 123-45-67', e164: '+375291234567', national: '8 029 123-45-67' },
    { id: 'PH3', input: '80291234567', e164: '+375291234567', national: '8 029 123-45-67' },
    { id: 'PH4', input: '8 029 123 45 67', e164: '+375291234567', national: '8 029 123-45-67' },
    { id: 'PH5', input: '0291234567', e164: '+375291234567', national: '8 029 123-45-67' },
    { id: 'PH6', input: '291234567', e164: '+375291234567', national: '8 029 123-45-67' },
    { id: 'PH7', input: '+375255123456', e164: '+375255123456', national: '8 025 512-34-56' },
    { id: 'PH8', input: '+375257123456', e164: '+375257123456', national: '8 025 712-34-56' },
    { id: 'PH9', input: '+375259123456', e164: '+375259123456', national: '8 025 912-34-56' },
    { id: 'PH10', input: '+375296123456', e164: '+375296123456', national: '8 029 612-34-56' },
    { id: 'PH11', input: '+375331234567', e164: '+375331234567', national: '8 033 123-45-67' },
    { id: 'PH12', input: '+375441234567', e164: '+375441234567', national: '8 044 123-45-67' },
  ])('$id $input → $e164', ({ input, e164, national }) => {
    expect(parsePhone(input)).toEqual({ ok: true, e164, display: formatPhone(e164), national });
  });
});

describe('phone: vectors.md F, refused', () => {
  it.each<{ id: string; input: string; code: PhoneErrorCode }>([
    { id: 'PH13', input: '+375251234567', code: 'not_allocated' }, // 25-1 not allocated
    { id: 'PH14', input: '+375 25 412-34-56', code: 'not_allocated' },
    { id: 'PH15', input: '+375258123456', code: 'not_allocated' },
    { id: 'PH16', input: '+375290123456', code: 'not_allocated' }, // 29-0
    { id: 'PH17', input: '+375249123456', code: 'voip' },
    { id: 'PH18', input: '+375171234567', code: 'landline' }, // Minsk
    { id: 'PH19', input: '+37529123456', code: 'too_short' }, // 8-digit NSN
    { id: 'PH20', input: '+3752912345678', code: 'too_long' }, // 10-digit NSN
    // Policy (vectors.md leaves it open): central-api.yaml only takes +375, so a foreign mobile is refused.
    { id: 'PH21', input: '+7 912 345-67-89', code: 'not_belarusian' },
  ])('$id $input → $code', ({ input, code }) => {
    const r = parsePhone(input);
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(/[А-Яа-я]/);
    expect(r.error.message).not.toContain(input.replace(/\D/g, '').slice(-7));
  });
});

describe('phone: own cases', () => {
  it.each([
    '+375 (29) 123-45-67',
    '8 (029) 123-45-67',
    '8-029-123-45-67',
    '(029) 123-45-67',
    '29 123 45 67',
    '375291234567',
    '375 29 1234567',
    '+375 029 1234567',
    '8 29 1234567',
    '00375291234567',
    '810375291234567',
    '+375.29.123.45.67',
    '  +375 29 123 45 67  ',
    '+375\u00A029\u00A0123\u00A045\u00A067',
  ])('%j → +375291234567', (input) => {
    expect(parsePhone(input)).toMatchObject({ ok: true, e164: '+375291234567', display: '+375 29 123-45-67' });
  });

  it.each<[string, string, PhoneErrorCode]>([
    ['empty', '', 'empty'],
    ['blank', '   ', 'empty'],
    ['letters', '+375 29 123-45-6a', 'invalid_characters'],
    ['an extension', '+375291234567 доб. 5', 'invalid_characters'],
    ['plus inside', '375+291234567', 'invalid_characters'],
    ['only punctuation', '---', 'invalid'],
    ['landline in domestic form', '8 017 123 45 67', 'landline'],
    ['Brest landline', '+375 162 12-34-56', 'landline'],
    ['toll-free', '8 800 123 45 67', 'not_mobile'],
    ['too few digits, national', '29 123 45', 'too_short'],
    ['one digit too many, national', '8 029 123 45 67 8', 'too_long'],
    ['Russian number without plus', '8 10 7 912 345 67 89', 'not_belarusian'],
  ])('%s (%j) → %s', (_name, input, code) => {
    const r = parsePhone(input);
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.code).toBe(code);
  });

  it('every code has a distinct Russian message', () => {
    const messages = new Set<string>();
    const samples: Record<PhoneErrorCode, string> = {
      empty: '',
      invalid_characters: 'abc',
      too_short: '+37529123456',
      too_long: '+3752912345678',
      not_belarusian: '+79123456789',
      not_allocated: '+375251234567',
      landline: '+375171234567',
      voip: '+375249123456',
      not_mobile: '+3758001234567',
      invalid: '()',
    };
    for (const code of phoneErrorCodes) {
      const r = parsePhone(samples[code]);
      if (r.ok) throw new Error(`expected ${code}`);
      expect(r.error.code).toBe(code);
      messages.add(r.error.message);
    }
    expect(messages.size).toBe(phoneErrorCodes.length);
  });
});

describe('formatPhone / maskPhone', () => {
  it.each([
    ['+375291234567', '+375 29 123-45-67', '+375 29 ***-**-67'],
    ['+375441234567', '+375 44 123-45-67', '+375 44 ***-**-67'],
    ['+375255123456', '+375 25 512-34-56', '+375 25 ***-**-56'],
    // Not a Belarusian E.164: left as is, or masked digit by digit.
    ['+79123456789', '+79123456789', '+*********89'],
    ['', '', ''],
  ])('%s → %s / %s', (e164, formatted, masked) => {
    expect(formatPhone(e164)).toBe(formatted);
    expect(maskPhone(e164)).toBe(masked);
  });
});

describe('phoneSchema', () => {
  it('turns any usual form into E.164', () => {
    expect(phoneSchema.parse('8 (029) 123-45-67')).toBe('+375291234567');
  });

  it.each<[string, PhoneErrorCode]>([
    ['+375171234567', 'landline'],
    ['+375251234567', 'not_allocated'],
    ['', 'empty'],
  ])('refuses %j with the code %s', (input, code) => {
    const r = phoneSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue && 'params' in issue ? issue.params : undefined).toEqual({ code });
    expect(issue?.message).toMatch(/[А-Яа-я]/);
  });

  it('refuses a non-string', () => {
    expect(phoneSchema.safeParse(375291234567).success).toBe(false);
  });
});
