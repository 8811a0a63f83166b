import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../preload/contract';
import { detailText, subjectOf, type DetailWords } from '../../renderer/src/features/audit/audit-words';

const CLERK_ID = '0b8f2a34-5c1d-4e7f-9a0b-1c2d3e4f5a6b';
const words: DetailWords = {
  yes: 'да',
  no: 'нет',
  dash: '—',
  reason: (code) => ({ UID_ALREADY_ASSIGNED: 'УИ уже выдан' })[code] ?? code,
  clerkName: (id) => (id === CLERK_ID ? 'Петрова Анна (anna)' : undefined),
};

describe('audit details in words', () => {
  it.each([
    ['attemptsLeft', 2, '2'],
    ['self', true, 'да'],
    ['wasForced', false, 'нет'],
    ['reason', null, '—'],
    ['until', '2026-12-04T11:57:16.123Z', '04.12.2026 14:57:16'],
    ['from', '2026-11-01', '01.11.2026'],
    ['reasons', ['UID_ALREADY_ASSIGNED', 'NEW_CODE'], 'УИ уже выдан; NEW_CODE'],
    ['reasons', [], '—'],
    ['reason', 'UID_ALREADY_ASSIGNED', 'УИ уже выдан'],
    ['reason', 'забыл пароль', 'забыл пароль'],
    ['clerkId', CLERK_ID, 'Петрова Анна (anna)'],
    ['clerkId', 'someone-else', 'someone-else'],
    ['keys', ['reader', 'printer'], 'reader; printer'],
    ['registry', { status: 'accepted' }, '{"status":"accepted"}'],
    ['idMasked', '3**********PB2', '3**********PB2'],
  ])('%s = %j → %s', (key, value, text) => {
    expect(detailText(key, value, words)).toBe(text);
  });
});

describe('what an audit entry is about', () => {
  const entry = (over: Partial<AuditEntry>): AuditEntry =>
    ({
      seq: 1,
      at: '2026-12-04T10:00:00Z',
      actorId: null,
      actorLogin: null,
      action: 'x',
      subject: null,
      details: {},
      ...over,
    }) as AuditEntry;
  const subjectWords = {
    clerkName: words.clerkName,
    application: (no: string) => `Заявление № ${no}`,
    device: (kind: string) => (kind === 'reader' ? 'Считыватель документов' : undefined),
  };
  it.each([
    [entry({ subject: 'a1b2', details: { journalNo: '2026/000007' } }), 'Заявление № 2026/000007'],
    [entry({ subject: CLERK_ID }), 'Петрова Анна (anna)'],
    [entry({ subject: 'reader' }), 'Считыватель документов'],
    [entry({ subject: 'f00', details: { login: 'ivan' } }), 'ivan'],
    [entry({ subject: 'raw-id' }), 'raw-id'],
    [entry({}), null],
  ])('%#', (e, text) => expect(subjectOf(e, subjectWords)).toBe(text));
});
