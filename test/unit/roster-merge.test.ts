/** The office roster's pure rules (main/sync/roster-merge.ts) and the hash check of entries from elsewhere. */
import { describe, expect, it } from 'vitest';
import { isAcceptablePasswordHash, type StoredRosterEntry } from '../../main/central/roster-schemas';
import {
  decideIncoming,
  decideRefusedPush,
  differingFields,
  rosterAuthor,
  sessionEndReason,
  toRosterEntry,
  type IncomingOutcome,
  type LocalAccountState,
  type RosterAccount,
} from '../../main/sync/roster-merge';

const HASH = 'scrypt$131072$8$1$EuY7T0uvzB29kkiCGJsCyw==$kzHicNPt2nWwjfQ4NRPJbjNhQEuX79gXmlQkWRtn7tQ=';
const OTHER_HASH = 'scrypt$131072$8$1$qeaukNkmj0ZudHUHbA9Maw==$Em4M1TGIdCGcHh3hXTyqG8lVo2u1z3C5+Th7qRsMh+Q=';

const account: RosterAccount = {
  login: 'ivanova',
  fullName: 'Иванова Анна',
  role: 'clerk',
  disabled: false,
  passwordHash: HASH,
  mustChangePassword: false,
};
const entry = (patch: Partial<StoredRosterEntry> = {}): StoredRosterEntry => ({
  ...account,
  version: 3,
  updatedAt: '2026-12-05T08:00:00.000Z',
  updatedBy: '07/2/admin',
  ...patch,
});
const local = (version: number, pending: boolean, patch: Partial<RosterAccount> = {}): LocalAccountState => ({
  account: { ...account, ...patch },
  version,
  pending,
});

describe('decideIncoming: an entry pulled from the registry', () => {
  const cases: Array<[string, LocalAccountState | null, StoredRosterEntry, IncomingOutcome]> = [
    ['unknown here, with a hash: created', null, entry(), { kind: 'create' }],
    ['unknown here, no hash: set aside', null, entry({ passwordHash: undefined }), { kind: 'set_aside', reason: 'no_password_hash' }],
    ['not newer than ours (our own push coming back): skipped', local(3, false), entry({ fullName: 'X' }), { kind: 'skip' }],
    ['older than ours: skipped', local(4, true), entry({ disabled: true }), { kind: 'skip' }],
    ['newer, nothing queued here: applied', local(2, false), entry({ disabled: true }), { kind: 'apply', changed: ['disabled'] }],
    [
      'newer, several fields',
      local(2, false),
      entry({ role: 'supervisor', passwordHash: OTHER_HASH, mustChangePassword: true }),
      { kind: 'apply', changed: ['role', 'passwordHash', 'mustChangePassword'] },
    ],
    ['newer, same content: only the version is taken', local(2, false), entry(), { kind: 'adopt' }],
    [
      'newer, and a change queued here: conflict, the registry wins',
      local(2, true, { fullName: 'Иванова-Петрова Анна' }),
      entry(),
      { kind: 'conflict', changed: ['fullName'] },
    ],
    [
      'newer, a queued change equal to it: nothing lost',
      local(2, true, { role: 'supervisor' }),
      entry({ role: 'supervisor' }),
      { kind: 'adopt' },
    ],
    [
      'a field the entry leaves out is kept',
      local(2, false, { mustChangePassword: true }),
      entry({ mustChangePassword: undefined }),
      { kind: 'adopt' },
    ],
    [
      'no hash in the entry: the local one is kept',
      local(2, false),
      entry({ passwordHash: undefined, fullName: 'Иванова А.' }),
      { kind: 'apply', changed: ['fullName'] },
    ],
  ];
  it.each(cases)('%s', (_name, state, incoming, expected) => {
    expect(decideIncoming(state, incoming)).toEqual(expected);
  });
});

describe('decideRefusedPush: a 409 with the current entry', () => {
  const cases: Array<[string, LocalAccountState, StoredRosterEntry, IncomingOutcome]> = [
    ['another desk changed it first: conflict', local(2, true, { disabled: true }), entry(), { kind: 'conflict', changed: ['disabled'] }],
    [
      'the registry holds what we pushed (lost answer): adopted',
      local(2, true, { disabled: true }),
      entry({ disabled: true }),
      { kind: 'adopt' },
    ],
    [
      'two desks created the same login: the first one wins',
      local(0, true, { fullName: 'Другая Анна' }),
      entry({ version: 1 }),
      { kind: 'conflict', changed: ['fullName'] },
    ],
  ];
  it.each(cases)('%s', (_name, state, current, expected) => {
    expect(decideRefusedPush(state, current)).toEqual(expected);
  });
});

describe('sessionEndReason: what ends a live session on this desk', () => {
  const cases: Array<[string, Partial<RosterAccount>, Partial<StoredRosterEntry>, string | null]> = [
    ['disabled', {}, { disabled: true }, 'account_disabled'],
    ['already disabled here', { disabled: true }, { disabled: true, fullName: 'X' }, null],
    ['role changed', {}, { role: 'admin' }, 'role_changed'],
    ['password changed elsewhere', {}, { passwordHash: OTHER_HASH }, 'password_changed'],
    ['name only', {}, { fullName: 'Иванова А. С.' }, null],
    ['enabled again', { disabled: true }, { disabled: false }, null],
  ];
  it.each(cases)('%s', (_name, before, patch, expected) => {
    const was = { ...account, ...before };
    const incoming = entry(patch);
    expect(sessionEndReason(was, differingFields(was, incoming), incoming)).toBe(expected);
  });
});

describe('the entry a desk pushes', () => {
  it('carries the hash and the author, never lockout state', () => {
    const pushed = toRosterEntry(
      { ...account, failedAttempts: 4, lockedUntil: '2026-12-05T09:00:00Z' } as RosterAccount,
      rosterAuthor('07', '2', 'admin'),
    );
    expect(pushed).toEqual({ ...account, updatedBy: '07/2/admin' });
    expect(rosterAuthor('07', '2', null)).toBe('07/2/-');
  });
});

describe('isAcceptablePasswordHash: hashes from another machine', () => {
  const cases: Array<[string, string, boolean]> = [
    ['ours', HASH, true],
    ['older parameters, still checkable', 'scrypt$16384$8$1$EuY7T0uvzB29kkiCGJsCyw==$kzHicNPt2nWwjfQ4NRPJbjNhQEuX79gXmlQkWRtn7tQ=', true],
    ['a cost that would exhaust memory', HASH.replace('131072', '1073741824'), false],
    ['N not a power of two', HASH.replace('131072', '131071'), false],
    ['p too high', HASH.replace('$8$1$', '$8$64$'), false],
    ['a password, not a hash', 'correct-horse-battery', false],
    ['another scheme', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', false],
    ['empty', '', false],
  ];
  it.each(cases)('%s', (_name, hash, expected) => {
    expect(isAcceptablePasswordHash(hash)).toBe(expected);
  });
});
