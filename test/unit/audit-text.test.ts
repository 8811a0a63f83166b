/**
 * Free text in audit rows (issue 15): what a person typed — an unknown login, a cancel reason, a
 * request number — may hold an ID number or a phone, and audit rows outlive every purge. Each string
 * is masked and capped where rows are appended (db/repositories/audit.ts).
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_TEXT_MAX, scrubAuditDetails, scrubAuditText } from '../../db/repositories/audit-text';

describe('scrubAuditText', () => {
  it.each([
    ['an unknown login that is an ID number', '3270287A012PB2', '3**********PB2'],
    ['lower case, glued to text', 'login:3270287a012pb2!', 'login:3**********pb2!'],
    ['a cancel reason with a phone', 'позвонить +375 29 123-45-67 завтра', 'позвонить +375 29 ***-**-67 завтра'],
    ['a domestic phone', 'тел. 80291234567', 'тел. +375 29 ***-**-67'],
    ['a request number with an ID number', 'запрос №12 от 3270287A012PB2', 'запрос №12 от 3**********PB2'],
    ['an old mask', '3270287*******', '3*************'],
    ['a new mask stays', '3**********PB2', '3**********PB2'],
    ['a journal number stays', '2026/000123', '2026/000123'],
    ['an id stays', '550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440000'],
    ['an instant stays', '2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z'],
    ['a chain hash stays', 'a'.repeat(64), 'a'.repeat(64)],
    ['a login stays', 'ivanova', 'ivanova'],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => expect(scrubAuditText(input)).toBe(expected));

  it(`caps a long text at ${AUDIT_TEXT_MAX} characters, marked as cut`, () => {
    const long = 'я'.repeat(1000);
    const out = scrubAuditText(long);
    expect(Array.from(out)).toHaveLength(AUDIT_TEXT_MAX);
    expect(out.endsWith('…')).toBe(true);
    expect(scrubAuditText('я'.repeat(AUDIT_TEXT_MAX))).toBe('я'.repeat(AUDIT_TEXT_MAX));
  });

  it('masks before capping: an ID number at the cut is not left half in clear', () => {
    const text = `${'x'.repeat(AUDIT_TEXT_MAX - 8)}3270287A012PB2`;
    expect(scrubAuditText(text)).not.toMatch(/270287/);
  });
});

describe('scrubAuditDetails', () => {
  it('walks objects, arrays and keys; numbers, booleans and null stay', () => {
    expect(
      scrubAuditDetails({
        login: '3270287A012PB2',
        reasons: ['+375291234567', 'ok'],
        nested: { '3270287A012PB2': 1, count: 3, flag: true, none: null },
      }),
    ).toEqual({
      login: '3**********PB2',
      reasons: ['+375 29 ***-**-67', 'ok'],
      nested: { '3**********PB2': 1, count: 3, flag: true, none: null },
    });
  });
});
