/**
 * The registry pre-check's rule (main/services/registry-check.ts): which procedure the registry
 * refuses for which UidStatus (DOMAIN.md 1.2, central-api.yaml 1.1 pending/recent), as a table.
 */
import { describe, expect, it } from 'vitest';
import type { ApplicationRef, UidStatus } from '../../main/central/schemas';
import { registryRefusal } from '../../main/services/registry-check';
import { procedures, type Procedure } from '../../preload/contract';

const NOW = new Date('2026-11-23T09:00:00Z');
const ID = '3150385M001PB2';
const status = (state: UidStatus['state'], extra: Partial<UidStatus> = {}): UidStatus => ({ idNumber: ID, state, ...extra });
const ref = (procedure: Procedure, extra: Partial<ApplicationRef> = {}): ApplicationRef => ({
  procedure,
  officeCode: 'MINSK-01',
  workstationId: 'ws-07',
  journalNo: '2026/07-000042',
  submittedAt: '2026-11-23T08:00:00Z',
  ...extra,
});
const reasonOf = (procedure: Procedure, s: UidStatus, confirmRecent = false) =>
  registryRefusal(procedure, s, { confirmRecent, now: NOW })?.reason ?? null;

describe('the UID state decides which procedures the registry would refuse', () => {
  const table: Record<Procedure, Record<UidStatus['state'], string | null>> = {
    issue: { none: null, active: 'UID_ALREADY_ASSIGNED', blocked: 'UID_ALREADY_ASSIGNED' },
    block: { none: 'UID_NOT_ASSIGNED', active: null, blocked: 'UID_ALREADY_BLOCKED' },
    unblock: { none: 'UID_NOT_ASSIGNED', active: 'UID_NOT_BLOCKED', blocked: null },
    change_phone: { none: 'UID_NOT_ASSIGNED', active: null, blocked: 'UID_ALREADY_BLOCKED' },
    reset_password: { none: 'UID_NOT_ASSIGNED', active: null, blocked: 'UID_ALREADY_BLOCKED' },
  };
  const cases = procedures.flatMap((p) => (['none', 'active', 'blocked'] as const).map((s) => [p, s, table[p][s]] as const));
  it.each(cases)('%s with UID %s → %s', (procedure, state, expected) => {
    expect(reasonOf(procedure, status(state))).toBe(expected);
    const refusal = registryRefusal(procedure, status(state), { confirmRecent: false, now: NOW });
    if (expected !== null)
      expect(refusal).toMatchObject({ code: 'registry_refused', message: expect.stringContaining('Реестр не примет') });
  });
});

describe('pending: an undecided application of the same procedure from any desk', () => {
  it.each([
    ['same procedure, another desk', 'block', [ref('block')], 'DUPLICATE_PENDING'],
    ['another procedure', 'block', [ref('reset_password')], null],
    ['none pending', 'block', [], null],
  ] as const)('%s → %s', (_name, procedure, pending, expected) => {
    expect(reasonOf(procedure, status('active', { pending: [...pending] }))).toBe(expected);
  });

  it('names the desk and its journal number', () => {
    const refusal = registryRefusal('block', status('active', { pending: [ref('block')] }), { confirmRecent: false, now: NOW });
    expect(refusal).toMatchObject({
      code: 'registry_refused',
      params: { officeCode: 'MINSK-01', workstationId: 'ws-07', journalNo: '2026/07-000042' },
      message: expect.stringMatching(/рабочее место ws-07.*№ 2026\/07-000042/),
    });
  });

  it('the UID state goes first: a blocked UID is refused as such even with a pending block', () => {
    expect(reasonOf('block', status('blocked', { pending: [ref('block')] }))).toBe('UID_ALREADY_BLOCKED');
  });
});

describe('recent: a new password approved in the last 24 hours needs the clerk to confirm', () => {
  const recent = (procedure: Procedure, outcome: 'approved' | 'refused', decidedAt: string) => ({
    ...ref(procedure),
    outcome,
    decidedAt,
  });
  it.each([
    ['approved an hour ago', recent('reset_password', 'approved', '2026-11-23T08:00:00Z'), false, 'RECENT_APPLICATION'],
    ['approved an hour ago, confirmed', recent('reset_password', 'approved', '2026-11-23T08:00:00Z'), true, null],
    ['refused an hour ago', recent('reset_password', 'refused', '2026-11-23T08:00:00Z'), false, null],
    ['approved 25 hours ago', recent('reset_password', 'approved', '2026-11-22T08:00:00Z'), false, null],
    ['a phone change an hour ago', recent('change_phone', 'approved', '2026-11-23T08:00:00Z'), false, null],
  ] as const)('%s → %s', (_name, item, confirmRecent, expected) => {
    expect(reasonOf('reset_password', status('active', { recent: [item] }), confirmRecent)).toBe(expected);
  });

  it('is its own error code, with the time in Minsk', () => {
    const refusal = registryRefusal(
      'reset_password',
      status('active', { recent: [recent('reset_password', 'approved', '2026-11-23T08:00:00Z')] }),
      {
        confirmRecent: false,
        now: NOW,
      },
    );
    expect(refusal).toMatchObject({ code: 'recent_application', message: expect.stringContaining('23.11.2026 11:00') });
  });

  it('other procedures are not asked', () => {
    expect(reasonOf('block', status('active', { recent: [recent('reset_password', 'approved', '2026-11-23T08:00:00Z')] }))).toBeNull();
  });
});
