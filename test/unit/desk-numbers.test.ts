/** Pure rules of an office of several desks (issue 14): the journal number's two forms, the workstation number, the registry's token specs. */
import { describe, expect, it } from 'vitest';
import { formatJournalNo, formatLegacyJournalNo, isWorkstationNumber } from '../../db';
import { schemas } from '../../preload/contract';
import { parseTokenSpec, speaksFor } from '../central/tokens';

describe('journal numbers', () => {
  it.each([
    [2026, '3', 123, '2026/03-000123'],
    [2026, '12', 1, '2026/12-000001'],
    [2027, '99', 999_999, '2027/99-999999'],
    [2026, '1', 1_000_000, '2026/01-1000000'],
  ] as const)('%i, desk %s, %i → %s', (year, ws, seq, expected) => expect(formatJournalNo(year, ws, seq)).toBe(expected));

  it.each([
    [2026, 1, '2026/000001'],
    [2026, 123, '2026/000123'],
  ] as const)('before issue 14: %i, %i → %s', (year, seq, expected) => expect(formatLegacyJournalNo(year, seq)).toBe(expected));

  it('sorts by year, desk, sequence as text', () => {
    const numbers = [
      formatJournalNo(2027, '1', 1),
      formatJournalNo(2026, '2', 5),
      formatJournalNo(2026, '10', 1),
      formatJournalNo(2026, '2', 40),
    ];
    expect([...numbers].sort()).toEqual(['2026/02-000005', '2026/02-000040', '2026/10-000001', '2027/01-000001']);
  });
});

describe('the workstation number', () => {
  it.each([
    ['1', true],
    ['9', true],
    ['10', true],
    ['99', true],
    ['0', false],
    ['00', false],
    ['07', false],
    ['100', false],
    ['', false],
    ['ws-1', false],
    [' 3', false],
  ] as const)('%j: %s', (value, expected) => {
    expect(isWorkstationNumber(value)).toBe(expected);
    // The contract's schema trims first, then holds the same rule.
    expect(schemas.workstationNumberSchema.safeParse(value).success).toBe(expected || value.trim() !== value);
  });
});

describe('registry token specs', () => {
  it.each([
    ['dev-token', { token: 'dev-token', caller: null }],
    ['desk-1=MN-01/1', { token: 'desk-1', caller: { officeCode: 'MN-01', workstationId: '1' } }],
    ['t0k3n!=DEMO/ws-07', { token: 't0k3n!', caller: { officeCode: 'DEMO', workstationId: 'ws-07' } }],
  ] as const)('%s', (spec, binding) => expect(parseTokenSpec(spec)).toEqual({ ok: true, binding }));

  it.each(['desk=MN-01', 'desk=MN-01/1/2', '=MN-01/1', 'desk=/1', 'two words', 'desk=MN 01/1'])('%s is refused', (spec) =>
    expect(parseTokenSpec(spec)).toMatchObject({ ok: false, error: expect.stringContaining('--token') }),
  );

  it('a bound token speaks for its own desk only; the legacy one for any', () => {
    const desk = { officeCode: 'MN-01', workstationId: '2' };
    expect(speaksFor(desk, 'MN-01', '2')).toBe(true);
    expect(speaksFor(desk, 'MN-01', '1')).toBe(false);
    expect(speaksFor(desk, 'GR-02', '2')).toBe(false);
    expect(speaksFor(null, 'GR-02', '9')).toBe(true);
  });
});
