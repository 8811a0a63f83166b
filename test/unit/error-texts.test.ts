/**
 * Issue 16: every error a clerk can see has words in Russian and in Belarusian, found by its
 * code — error codes, field-issue codes (the contract's catalog, the phone's and the ID
 * number's), registry refusal codes and the card reader's reasons — and the Belarusian words
 * use no letter Belarusian does not have (и, щ, ъ). The lists are the exported `as const` ones,
 * so a new code without words fails here. The texts are rendered by the renderer's own helpers
 * (renderer/src/i18n/texts.ts, what index.ts calls with the current language).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  applicationInput,
  cancelInput,
  defaultMessages,
  errorCodes,
  fail,
  fieldIssueCodes,
  fieldIssueOfText,
  fieldIssueTemplatesRu,
  fillTemplate,
  journalInput,
  readerSettingsSchema,
  refusalReasonMessages,
  reportPeriodInput,
  schemas,
  setTokenInput,
  subjectEraseInput,
  verifyCodeInput,
  type FieldIssueParams,
} from '../../preload/contract';
import { mrzErrorCodes } from '../../main/domain/mrz-types';
import { be } from '../../renderer/src/i18n/be';
import { ru } from '../../renderer/src/i18n/ru';
import { errorTextIn, fieldIssueTextIn, fieldTextIn, reasonTextIn, refusalTextIn, scanReasonTextIn } from '../../renderer/src/i18n/texts';

const RUSSIAN_ONLY = /[ищъИЩЪ]/;
const root = join(import.meta.dirname, '..', '..');

/** Sample values for a template's parameters (numbers where the text is about a count). */
function sampleParams(template: string): FieldIssueParams {
  const params: FieldIssueParams = {};
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) if (name) params[name] = name === 'journalNo' ? '2026/03-000123' : 7;
  return params;
}
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const refusalCodes = [...Object.keys(refusalReasonMessages), 'RECENT_APPLICATION'];
const readerReasonCodes = [...mrzErrorCodes, 'unreadable'];

describe('every code has words in both languages', () => {
  it('lists are not empty (the test covers something)', () => {
    expect(errorCodes.length).toBeGreaterThan(20);
    expect(fieldIssueCodes.length).toBeGreaterThan(150);
    expect(refusalCodes.length).toBeGreaterThan(9);
    expect(readerReasonCodes.length).toBeGreaterThan(25);
  });

  it('field-issue codes are unique and each has one Russian template', () => {
    expect(new Set(fieldIssueCodes).size).toBe(fieldIssueCodes.length);
    const templates = fieldIssueTemplatesRu();
    expect(Object.keys(templates).sort()).toEqual([...fieldIssueCodes].sort());
  });

  it.each(errorCodes)('error code %s', (code) => {
    const inRu = errorTextIn(ru, { code, message: '' });
    const inBe = errorTextIn(be, { code, message: defaultMessages[code] });
    expect(inRu).toBe(defaultMessages[code]);
    expect(inBe).not.toBe(defaultMessages[code]);
    expect(inBe).not.toMatch(RUSSIAN_ONLY);
  });

  it.each(fieldIssueCodes)('field issue %s', (code) => {
    const template = fieldIssueTemplatesRu()[code];
    const params = sampleParams(template);
    const russian = fillTemplate(template, params);
    // The Russian words lead back to the code and its parameters (how codes travel from zod and FieldErrors).
    expect(fieldIssueOfText(russian)).toEqual(Object.keys(params).length > 0 ? { code, params } : { code });
    const inRu = fieldIssueTextIn(ru, { code, params }, 'NONE');
    const inBe = fieldIssueTextIn(be, { code, params }, 'NONE');
    expect(inRu).toBe(russian);
    expect(inBe).not.toBe('NONE');
    expect(inBe).not.toBe(russian);
    expect(inBe).not.toMatch(RUSSIAN_ONLY);
    expect(inBe).not.toMatch(/[{}]/);
    const beTemplates: Record<string, string | undefined> = be.fieldErrors;
    expect(placeholders(beTemplates[code] ?? '')).toEqual(placeholders(template));
    // What the renderer shows for a field whose words came as Russian text only.
    expect(fieldTextIn(be, russian)).toBe(inBe);
  });

  it.each(refusalCodes)('registry refusal %s', (code) => {
    const inRu = refusalTextIn(ru, code);
    const inBe = refusalTextIn(be, code);
    expect(inRu).not.toContain(code);
    expect(inBe).not.toContain(code);
    expect(inBe).not.toBe(inRu);
    expect(inBe).not.toMatch(RUSSIAN_ONLY);
  });

  it.each(Object.keys(ru.refusalDetails))('refusal %s with its details', (code) => {
    const params = { officeCode: 'MN-01', workstationId: '2', journalNo: '2026/02-000007', decidedAt: '2026-12-04T11:57:16Z' };
    const inRu = reasonTextIn(ru, { code, params });
    const inBe = reasonTextIn(be, { code, params });
    for (const text of [inRu, inBe]) {
      expect(text).toContain('MN-01');
      expect(text).not.toMatch(/[{}]/);
    }
    if (code === 'RECENT_APPLICATION') expect(inBe).toContain('04.12.2026 14:57');
    expect(inBe).not.toMatch(RUSSIAN_ONLY);
    expect(Object.keys(be.refusalDetails)).toContain(code);
  });

  it.each(readerReasonCodes)('card reader reason %s', (code) => {
    const inRu = scanReasonTextIn(ru, { code, message: '' });
    const inBe = scanReasonTextIn(be, { code, message: 'NONE' });
    expect(inRu).not.toBe('');
    expect(inBe).not.toBe('NONE');
    expect(inBe).not.toMatch(RUSSIAN_ONLY);
  });
});

describe('field errors travel as codes', () => {
  const invalid: [string, z.ZodType, unknown][] = [
    ['empty application', applicationInput, {}],
    [
      'application, every field wrong',
      applicationInput,
      {
        procedure: 'issue',
        idNumber: '3270287a012pb5',
        person: {
          surname: 'Smith',
          givenNames: '',
          patronymic: 'X'.repeat(101),
          surnameLatin: 'ИВАНОВ',
          birthDate: '31.12.1990',
          sex: 'X',
          citizenship: 'BY',
        },
        document: { type: 'visa', series: '12', number: 'AB 12', expiresAt: '', issuer: 'x'.repeat(201) },
        phone: '+375 17 123-45-67',
        consent: false,
      },
    ],
    ['change_phone without phones', applicationInput, { procedure: 'change_phone' }],
    ['setup', schemas.setupInput, { login: 'я', password: 'short', passwordRepeat: 'other', officeCode: '!', workstationId: '0' }],
    ['clerk', schemas.createClerkInput, { login: 'ab', fullName: 'x', role: 'boss', password: '' }],
    [
      'settings',
      schemas.settingsUpdateInput,
      { idleLockMinutes: 0.5, retentionDays: 0, draftDays: 999, registryUrl: 'http://example.by/' },
    ],
    ['settings, nothing', schemas.settingsUpdateInput, {}],
    [
      'reader',
      readerSettingsSchema,
      { path: 'a\nb', baudRate: 1, dataBits: 6, parity: 'x', stopBits: 3, flowControl: 'x', idleMs: 1.5, extra: 1 },
    ],
    ['journal', journalInput, { from: '2026-12-05', to: '2026-12-01', journalNo: '123', clerkId: 'x' }],
    ['period', reportPeriodInput, { from: '1999-01-01', to: '2026-12-01' }],
    ['cancel', cancelInput, { id: 'x', reason: '' }],
    ['sms code', verifyCodeInput, { confirmationId: 'x', code: '12' }],
    ['token', setTokenInput, { token: 'a b' }],
    ['privacy', subjectEraseInput, { idNumber: '', requestRef: '' }],
  ];

  it.each(invalid)('%s: every issue has a code', (_name, schema, value) => {
    const parsed = schema.safeParse(value);
    expect(parsed.success).toBe(false);
    const issues = parsed.error?.issues ?? [];
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues)
      expect({ path: issue.path, code: fieldIssueOfText(issue.message)?.code }).toMatchObject({ code: expect.any(String) });
  });

  it('the main process answers with codes beside the Russian words', () => {
    const result = fail('duplicate', 'x', {
      idNumber:
        'Этому гражданину уже выдан уникальный идентификатор (заявление № 2026/03-000042). Для восстановления доступа используйте смену телефона или разблокировку.',
      login: defaultMessages.login_taken,
      other: 'Слова без кода.',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fieldIssues).toEqual({
      idNumber: { code: 'id_number.uid_issued', params: { journalNo: '2026/03-000042' } },
      login: { code: 'error.login_taken' },
    });
    expect(result.error.fields?.['other']).toBe('Слова без кода.');
  });

  it('no service puts Russian words on a field without a code (fieldMessage)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(join(root, 'main'));
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // A fields argument of fail(…): `{ key: 'Русские слова' }`.
      for (const m of text.matchAll(/fail\([^;]*?\{\s*(?:\[[^\]]+\]|['\w.]+)\s*:\s*(['`])[^'`]*[\u0400-\u04FF]/g)) {
        offenders.push(`${file.slice(root.length + 1)}: ${m[0].slice(0, 80)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
