import { describe, expect, it } from 'vitest';
import {
  CODE128_PATTERNS,
  Code128Error,
  code128BBars,
  code128BChecksum,
  code128BModules,
  code128BValues,
  code128BWidths,
} from '../../main/devices/code128';

const sum = (s: string) => [...s].reduce((a, c) => a + Number(c), 0);

describe('Code 128 table', () => {
  it('has 107 symbols of 11 modules (stop: 13), all distinct, bars summing even / spaces odd', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    CODE128_PATTERNS.forEach((p, v) => {
      expect(sum(p), `value ${v}`).toBe(v === 106 ? 13 : 11);
      // Code 128 parity: the bar modules of every symbol add up to an even number.
      const bars = [...p].filter((_, i) => i % 2 === 0).reduce((a, c) => a + Number(c), 0);
      expect(bars % 2, `value ${v}`).toBe(0);
    });
  });

  it('has the standard patterns at the landmarks', () => {
    expect(CODE128_PATTERNS[0]).toBe('212222'); // space
    expect(CODE128_PATTERNS[33]).toBe('111323'); // A
    expect(CODE128_PATTERNS[103]).toBe('211412'); // Start A
    expect(CODE128_PATTERNS[104]).toBe('211214'); // Start B
    expect(CODE128_PATTERNS[105]).toBe('211232'); // Start C
    expect(CODE128_PATTERNS[106]).toBe('2331112'); // Stop
  });
});

describe('Code 128 B encoding (checked by hand against the table)', () => {
  it('"A": start B, A (33), checksum (104 + 33) mod 103 = 34, stop', () => {
    expect(code128BValues('A')).toEqual([104, 33, 34, 106]);
    expect(code128BWidths('A').join('')).toBe('211214' + '111323' + '131123' + '2331112');
    expect(code128BModules('A')).toBe(46);
  });

  it('"PJJ123C": 104+48·1+42·2+42·3+17·4+18·5+19·6+35·7 = 879 → 879 mod 103 = 55', () => {
    expect(code128BValues('PJJ123C')).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
    expect(code128BChecksum('PJJ123C')).toBe(55);
  });

  it('a journal number "2025/000123": checksum 1245 mod 103 = 9', () => {
    const values = code128BValues('2025/000123');
    expect(values).toEqual([104, 18, 16, 18, 21, 15, 16, 16, 16, 17, 18, 19, 9, 106]);
    expect(code128BWidths('2025/000123').slice(-13).join('')).toBe('221213' + '2331112');
    expect(code128BModules('2025/000123')).toBe(13 * 11 + 13);
  });

  it('more hand-computed checksums ("Ya": 104 + 57 + 65·2 = 291 → 85)', () => {
    expect(code128BChecksum('Ya')).toBe(85);
    // "~~": 104 + 94 + 94·2 = 386 → 386 − 3·103 = 77
    expect(code128BChecksum('~~')).toBe(77);
  });

  it('bars alternate with spaces and start at module 0', () => {
    const bars = code128BBars('A');
    expect(bars[0]).toEqual({ x: 0, width: 2 });
    expect(bars).toHaveLength(3 * 3 + 4);
    const last = bars[bars.length - 1];
    expect(last && last.x + last.width).toBe(46);
  });

  it('refuses characters outside ASCII 32–126 and empty data', () => {
    expect(() => code128BValues('Ж')).toThrow(Code128Error);
    expect(() => code128BValues('a\tb')).toThrow(Code128Error);
    expect(() => code128BValues('')).toThrow(Code128Error);
  });
});
