import { describe, expect, it } from 'vitest';
import { maskDate, shownDate, storedDate } from '../../renderer/src/format/date-input';

describe('the ДД.ММ.ГГГГ mask of a date field', () => {
  it.each([
    ['', '', null],
    ['0', '0', null],
    ['04', '04', null],
    ['041', '04.1', null],
    ['0412', '04.12', null],
    ['04122', '04.12.2', null],
    ['04122026', '04.12.2026', '2026-12-04'],
    ['04.12.2026', '04.12.2026', '2026-12-04'],
    ['4.12.2026', '04.12.2026', '2026-12-04'],
    ['04.1', '04.1', null],
    ['04.12.20261', '04.12.2026', '2026-12-04'],
    ['ab04/12-2026', '04.12.2026', '2026-12-04'],
    ['2026-12-04', '04.12.2026', '2026-12-04'],
    [' 2000-01-31 ', '31.01.2000', '2000-01-31'],
    ['29022024', '29.02.2024', '2024-02-29'],
    ['29022026', '29.02.2026', null],
    ['31042026', '31.04.2026', null],
    ['00012026', '00.01.2026', null],
    ['01132026', '01.13.2026', null],
    ['01010050', '01.01.0050', null],
    ['2026-02-30', '30.02.2026', null],
  ])('%j → shows %j, stores %j', (raw, text, iso) => {
    expect(maskDate(raw)).toEqual({ text, iso });
  });

  it('stores ISO for a whole date, the text otherwise (validation names it), empty for nothing', () => {
    expect(storedDate(maskDate('04122026'))).toBe('2026-12-04');
    expect(storedDate(maskDate('0412'))).toBe('04.12');
    expect(storedDate(maskDate(''))).toBe('');
    expect(storedDate(maskDate('31042026'))).toBe('31.04.2026');
  });

  it('shows a stored ISO date as ДД.ММ.ГГГГ and anything else as it is', () => {
    expect(shownDate('1987-02-27')).toBe('27.02.1987');
    expect(shownDate('04.12')).toBe('04.12');
    expect(shownDate('')).toBe('');
  });

  it('lets Backspace remove a digit after a dot without the dot coming back', () => {
    const typed = maskDate('04.1');
    expect(maskDate(typed.text.slice(0, -1))).toEqual({ text: '04', iso: null });
    expect(maskDate('04.')).toEqual({ text: '04', iso: null });
  });
});
