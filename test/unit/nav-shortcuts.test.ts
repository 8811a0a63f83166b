import { describe, expect, it } from 'vitest';
import { sectionIndexOf, sectionsFor, shortcutOf, shortcutRange } from '../../renderer/src/features/shell/sections';

describe('navigation shortcuts: every section of every role has one', () => {
  it.each([
    [0, { digit: 1, shift: false, keys: 'Alt+1' }],
    [8, { digit: 9, shift: false, keys: 'Alt+9' }],
    [9, { digit: 0, shift: false, keys: 'Alt+0' }],
    [10, { digit: 1, shift: true, keys: 'Alt+Shift+1' }],
    [12, { digit: 3, shift: true, keys: 'Alt+Shift+3' }],
    [19, { digit: 0, shift: true, keys: 'Alt+Shift+0' }],
    [20, null],
    [-1, null],
    [1.5, null],
  ])('section %d → %j', (index, shortcut) => {
    expect(shortcutOf(index)).toEqual(shortcut);
  });

  it.each([
    [1, false, 0],
    [9, false, 8],
    [0, false, 9],
    [1, true, 10],
    [0, true, 19],
    [10, false, null],
  ])('Alt+%s (Shift %s) opens section %s', (digit, shift, index) => {
    expect(sectionIndexOf(digit, shift)).toBe(index);
  });

  it('key and index agree both ways for every position', () => {
    for (let i = 0; i < 20; i++) {
      const s = shortcutOf(i);
      expect(s).not.toBeNull();
      if (s) expect(sectionIndexOf(s.digit, s.shift)).toBe(i);
    }
  });

  it.each([
    [0, ''],
    [1, 'Alt+1'],
    [5, 'Alt+1…Alt+5'],
    [10, 'Alt+1…Alt+0'],
    [11, 'Alt+1…Alt+0, Alt+Shift+1'],
    [13, 'Alt+1…Alt+0, Alt+Shift+1…Alt+Shift+3'],
  ])('hint for %d sections: %s', (count, text) => {
    expect(shortcutRange(count)).toBe(text);
  });

  it.each(['clerk', 'supervisor', 'admin'] as const)('%s: each section has its own key', (role) => {
    const sections = sectionsFor(role);
    const keys = sections.map((_s, i) => shortcutOf(i)?.keys);
    expect(keys.every((k) => k !== undefined)).toBe(true);
    expect(new Set(keys).size).toBe(sections.length);
  });
});
