import { describe, expect, it } from 'vitest';
import { minskDate, minskParts } from '../../preload/contract/minsk-time';
import {
  formatCount,
  formatDateTime,
  formatDay,
  formatIsoDate,
  formatLongDate,
  formatShare,
  formatTime,
  todayIso,
} from '../../renderer/src/format/dates';

// Instants near midnight: the Minsk day (UTC+3) differs from the UTC one.
describe('dates as a clerk reads them: Minsk time, our own format', () => {
  it.each([
    ['2026-12-04T11:57:16Z', '04.12.2026', '14:57:16', '04.12.2026 14:57:16'],
    ['2026-12-04T21:00:00Z', '05.12.2026', '00:00:00', '05.12.2026 00:00:00'],
    ['2026-12-04T20:59:59.999Z', '04.12.2026', '23:59:59', '04.12.2026 23:59:59'],
    ['2026-12-31T22:30:00Z', '01.01.2027', '01:30:00', '01.01.2027 01:30:00'],
    ['2024-02-28T21:00:00Z', '29.02.2024', '00:00:00', '29.02.2024 00:00:00'],
  ])('%s → %s %s', (at, day, time, both) => {
    expect(formatDay(at)).toBe(day);
    expect(formatTime(at)).toBe(time);
    expect(formatDateTime(at)).toBe(both);
    expect(formatDateTime(new Date(at))).toBe(both);
  });

  it('drops the seconds when asked', () => {
    expect(formatTime('2026-11-23T11:05:59Z', false)).toBe('14:05');
    expect(formatDateTime('2026-11-23T11:05:59Z', false)).toBe('23.11.2026 14:05');
  });

  it.each([
    ['2026-12-04T11:00:00Z', 'ru', false, '4 декабря 2026'],
    ['2026-12-04T11:00:00Z', 'be', false, '4 снежня 2026'],
    ['2026-12-04T11:00:00Z', 'ru', true, 'пятница, 4 декабря 2026'],
    ['2026-12-04T11:00:00Z', 'be', true, 'пятніца, 4 снежня 2026'],
    ['2026-12-06T21:30:00Z', 'be', true, 'панядзелак, 7 снежня 2026'],
    ['2026-08-01T00:00:00Z', 'be', false, '1 жніўня 2026'],
    ['2026-02-15T12:00:00Z', 'ru', true, 'воскресенье, 15 февраля 2026'],
  ] as const)('%s in %s (weekday %s) → %s', (at, language, weekday, text) => {
    expect(formatLongDate(at, language, weekday)).toBe(text);
  });

  it('shows an unreadable value as it is instead of «Invalid Date»', () => {
    expect(formatDay('not a date')).toBe('not a date');
    expect(formatDateTime('')).toBe('');
    expect(formatLongDate('x', 'ru')).toBe('x');
  });

  it('formats calendar dates without a time zone', () => {
    expect(formatIsoDate('1987-02-27')).toBe('27.02.1987');
    expect(formatIsoDate('27.02.1987')).toBe('27.02.1987');
  });

  it('takes today as the Minsk day', () => {
    expect(todayIso(new Date('2026-12-04T21:30:00Z'))).toBe('2026-12-05');
    expect(todayIso(new Date('2026-12-04T20:30:00Z'))).toBe('2026-12-04');
    expect(minskDate(new Date('2026-12-04T21:30:00Z'))).toBe('2026-12-05');
    expect(minskParts(new Date('2026-12-04T21:30:00Z')).weekday).toBe(6);
  });

  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1\u00a0000'],
    [1234567, '1\u00a0234\u00a0567'],
    [-4500, '-4\u00a0500'],
  ])('count %d → %s', (n, text) => expect(formatCount(n)).toBe(text));

  it.each([
    [1, 8, '12,5\u00a0%'],
    [1, 3, '33,3\u00a0%'],
    [2, 3, '66,7\u00a0%'],
    [3, 3, '100,0\u00a0%'],
    [0, 5, '0,0\u00a0%'],
    [5, 0, '—'],
  ])('share %d of %d → %s', (count, total, text) => expect(formatShare(count, total)).toBe(text));
});
