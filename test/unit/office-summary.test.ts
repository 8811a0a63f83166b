/**
 * The reference registry's office summary (test/central/summary.ts) as a pure function: which
 * submissions count (office, Minsk day of signing at both ends of the period), how clerks are
 * keyed and named, and the order of each table.
 */
import { describe, expect, it } from 'vitest';
import type { Submission } from '../../main/central/schemas';
import { summarize } from '../central/summary';

let n = 0;
function sub(over: Partial<Submission> & Pick<Submission, 'signedAt'>): Submission {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    procedure: 'block',
    idNumber: '3150385M001PB2',
    person: { surname: 'Х', givenNames: 'Х', birthDate: '1985-03-15', sex: 'M', citizenship: 'BLR' },
    document: { type: 'passport_by', number: '1', expiresAt: '2031-01-01' },
    consentToVerification: true,
    officeCode: 'A',
    workstationId: '1',
    clerkId: 'c-1',
    ...over,
  };
}

describe('summarize', () => {
  it.each([
    // [signedAt (UTC), counted in 2026-12-01…2026-12-02 (Minsk)]
    ['2026-11-30T20:59:59.999Z', false], // 23:59:59 on 30 Nov in Minsk
    ['2026-11-30T21:00:00.000Z', true], // 00:00 on 1 Dec in Minsk
    ['2026-12-02T20:59:59.999Z', true], // the last instant of 2 Dec in Minsk
    ['2026-12-02T21:00:00.000Z', false], // 3 Dec in Minsk
    ['2026-12-01T10:00:00+03:00', true], // an offset is read as the instant it names
  ] as const)('signed at %s: counted %s', (signedAt, counted) => {
    const s = summarize([sub({ signedAt })], () => undefined, 'A', '2026-12-01', '2026-12-02');
    expect(s.total).toBe(counted ? 1 : 0);
    expect(s.byDay.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('counts one office only; tables in their order; outcomes from the decisions, pending without one', () => {
    const list = [
      sub({ signedAt: '2026-12-01T08:00:00Z', workstationId: '10', procedure: 'issue' }),
      sub({ signedAt: '2026-12-01T09:00:00Z', workstationId: '2' }),
      sub({ signedAt: '2026-12-01T09:30:00Z', workstationId: '2' }),
      sub({ signedAt: '2026-12-01T10:00:00Z', officeCode: 'B', workstationId: '3' }),
    ];
    const decided = new Map([[list[0]?.id ?? '', { outcome: 'approved' as const }]]);
    const s = summarize(list, (id) => decided.get(id), 'A', '2026-12-01', '2026-12-01');
    expect(s).toMatchObject({ officeCode: 'A', total: 3, byDay: [{ date: '2026-12-01', count: 3 }] });
    expect(s.byWorkstation).toEqual([
      { key: '2', count: 2 },
      { key: '10', count: 1 },
    ]);
    expect(s.byProcedure).toEqual([
      { key: 'issue', count: 1 },
      { key: 'block', count: 2 },
      { key: 'unblock', count: 0 },
      { key: 'change_phone', count: 0 },
      { key: 'reset_password', count: 0 },
    ]);
    expect(s.byOutcome).toEqual([
      { key: 'approved', count: 1 },
      { key: 'refused', count: 0 },
      { key: 'pending', count: 2 },
    ]);
  });

  it('clerks by login (by id before 1.1), most first, named as they last signed', () => {
    const list = [
      sub({ signedAt: '2026-12-01T08:00:00Z', clerkLogin: 'petrova', clerkName: 'Петрова А. С.' }),
      sub({ signedAt: '2026-12-01T12:00:00Z', clerkLogin: 'petrova', clerkName: 'Иванова А. С.' }),
      // Written later as a string, earlier as an instant (14:00 in Minsk is 11:00 UTC).
      sub({ signedAt: '2026-12-01T14:00:00+03:00', clerkLogin: 'petrova', clerkName: 'Петрова А. С.' }),
      sub({ signedAt: '2026-12-01T09:00:00Z', clerkId: 'old-desk-clerk' }),
    ];
    const s = summarize(list, () => undefined, 'A', '2026-12-01', '2026-12-01');
    expect(s.byClerk).toEqual([
      { clerkLogin: 'petrova', clerkName: 'Иванова А. С.', count: 3 },
      { clerkLogin: 'old-desk-clerk', count: 1 },
    ]);
  });
});
