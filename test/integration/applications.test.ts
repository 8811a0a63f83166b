/** The procedures through the real router, a real SQLite file and the real cipher. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { procedures, type Procedure } from '../../preload/contract';
import { findOutboxItem, listAudit, listAuditBySubject, transitionApplication } from '../../db';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

const PERSON = {
  surname: 'Грушевская',
  givenNames: 'Алеся',
  patronymic: 'Ивановна',
  birthDate: '1990-03-15',
  sex: 'F',
  citizenship: 'BLR',
} as const;
const ID = '4150390A001PB9';

function input(procedure: Procedure, overrides: Record<string, unknown> = {}) {
  return {
    procedure,
    idNumber: ID,
    person: PERSON,
    document: {
      type: 'id_card_by',
      series: 'MP',
      number: '7654321',
      issuedAt: '2022-05-01',
      expiresAt: '2032-05-01',
      issuer: 'Фрунзенский РУВД г. Минска',
    },
    ...(procedure === 'issue' || procedure === 'change_phone' ? { phone: '8 029 765-43-21' } : {}),
    consent: true,
    ...overrides,
  };
}

type Detail = { id: string; state: string; journalNo: string; personal: { person: { surname: string }; phone?: string } | null };
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

let env: InProcess;
let clerk: HttpClient;
beforeEach(async () => {
  env = await startInProcess();
  clerk = (await seedRoles(env)).clerk;
});
afterEach(() => env.close());

describe('the person in these tests', () => {
  it('has a valid identification number', async () => {
    const { checkIdNumber } = await import('../../preload/contract');
    expect(checkIdNumber(ID)).toMatchObject({ ok: true, birthDate: PERSON.birthDate, sex: 'F' });
  });
});

describe('each procedure: create → print → sign → queued, with its rows', () => {
  it.each(procedures)('%s', async (procedure) => {
    const created = await clerk.call<Detail>('applications.create', input(procedure));
    expect(code(created)).toBe('ok');
    if (!created.ok) return;
    const app = created.value;
    expect(app.state).toBe('draft');
    expect(app.journalNo).toMatch(/^2026\/\d{2}-\d{6}$/);
    expect(app.personal?.person.surname).toBe(PERSON.surname);
    if (procedure === 'issue' || procedure === 'change_phone') expect(app.personal?.phone).toBe('+375297654321');
    expect(code(await clerk.call('applications.sign', { id: app.id }))).toBe('invalid_state');
    const printed = await clerk.call<Detail>('applications.markPrinted', { id: app.id });
    expect(printed.ok && printed.value.state).toBe('awaiting_signature');
    const signed = await clerk.call<Detail>('applications.sign', { id: app.id });
    expect(signed.ok && signed.value.state).toBe('queued');
    expect(await findOutboxItem(env.app.deps.db, app.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(code(await clerk.call('applications.cancel', { id: app.id, reason: 'передумал' }))).toBe('invalid_state');
    const actions = (await listAuditBySubject(env.app.deps.db, app.id)).map((e) => e.action);
    expect(actions).toEqual(['application.created', 'application.printed', 'application.signed']);
  });
});

describe('refused inputs change nothing', () => {
  const bad: Array<[string, Procedure, Record<string, unknown>, string, string]> = [
    [
      'expired document',
      'issue',
      { document: { type: 'id_card_by', number: '7654321', expiresAt: '2026-11-22' } },
      'precondition',
      'document.expiresAt',
    ],
    ['birth date not matching the number', 'block', { person: { ...PERSON, birthDate: '1990-03-16' } }, 'validation', 'person.birthDate'],
    ['sex not matching the number', 'unblock', { person: { ...PERSON, sex: 'M' } }, 'validation', 'person.sex'],
    ['issue without a phone', 'issue', { phone: undefined }, 'validation', 'phone'],
    ['a landline', 'issue', { phone: '+375 17 222-33-44' }, 'validation', 'phone'],
    ['a phone where none belongs', 'block', { phone: '+375297654321' }, 'validation', 'phone'],
    ['new phone equal to the old one', 'change_phone', { oldPhone: '+375297654321' }, 'validation', 'phone'],
    ['wrong check digit', 'issue', { idNumber: '4150390A001PB3' }, 'validation', 'idNumber'],
    ['no consent', 'reset_password', { consent: false }, 'validation', 'consent'],
    ['Latin surname', 'issue', { person: { ...PERSON, surname: 'Hrushevskaya' } }, 'validation', 'person.surname'],
    [
      'future issue date',
      'issue',
      { document: { type: 'id_card_by', number: '7654321', issuedAt: '2027-01-01', expiresAt: '2032-05-01' } },
      'validation',
      'document.issuedAt',
    ],
  ];
  it.each(bad)('%s', async (_name, procedure, overrides, expectedCode, field) => {
    const r = await clerk.call('applications.create', input(procedure, overrides));
    expect(code(r)).toBe(expectedCode);
    if (!r.ok) expect(Object.keys(r.error.fields ?? {})).toContain(field);
    const journal = await clerk.call<{ items: unknown[] }>('journal.list', {});
    expect(journal.ok && journal.value.items).toHaveLength(0);
  });
});

describe('duplicates', () => {
  it('an open application for the same person and procedure blocks a second one; another procedure does not', async () => {
    const first = await clerk.call<Detail>('applications.create', input('block'));
    if (!first.ok) throw new Error(JSON.stringify(first));
    const again = await clerk.call('applications.create', input('block'));
    expect(code(again)).toBe('duplicate');
    if (!again.ok) expect(again.error.message).toContain(first.value.journalNo);
    const dup = await clerk.call<{ open: Array<{ journalNo: string }> }>('applications.checkDuplicates', {
      procedure: 'block',
      idNumber: ID,
    });
    expect(dup.ok && dup.value.open.map((x) => x.journalNo)).toEqual([first.value.journalNo]);
    // The hit is a look at the person's applications: audited with journal numbers, nothing personal.
    const [seen] = (await listAudit(env.app.deps.db, { action: 'journal.searched', limit: 1 })).entries;
    expect(seen).toMatchObject({
      actorLogin: 'clerk',
      details: { source: 'duplicate_check', found: 1, applications: [first.value.journalNo] },
    });
    expect(code(await clerk.call('applications.create', input('reset_password')))).toBe('ok');
    expect(code(await clerk.call('applications.cancel', { id: first.value.id, reason: 'ошибка в данных' }))).toBe('ok');
    expect(code(await clerk.call('applications.create', input('block')))).toBe('ok');
  });

  it('an approved issue blocks another issue', async () => {
    const first = await clerk.call<Detail>('applications.create', input('issue'));
    if (!first.ok) throw new Error(JSON.stringify(first));
    await clerk.call('applications.markPrinted', { id: first.value.id });
    await clerk.call('applications.sign', { id: first.value.id });
    const at = new Date().toISOString();
    await transitionApplication(env.app.deps.db, first.value.id, { from: ['queued'], to: 'sent', at });
    await transitionApplication(env.app.deps.db, first.value.id, { from: ['sent'], to: 'approved', at });
    const again = await clerk.call('applications.create', input('issue'));
    expect(code(again)).toBe('duplicate');
  });
});

describe('journal and personal data at rest', () => {
  it('finds by identification number, masks it in lists, and audits reads', async () => {
    const created = await clerk.call<Detail>('applications.create', input('issue'));
    if (!created.ok) throw new Error('create failed');
    // Lower case is offered as a correction in the form, never applied silently here.
    expect(code(await clerk.call('journal.list', { idNumber: ID.toLowerCase() }))).toBe('validation');
    const byNumber = await clerk.call<{ items: Array<{ idMasked: string; journalNo: string }> }>('journal.list', { idNumber: ID });
    expect(byNumber.ok && byNumber.value.items.map((i) => i.idMasked)).toEqual(['4**********PB9']);
    expect(JSON.stringify(byNumber)).not.toContain(ID);
    await clerk.call('applications.get', { id: created.value.id });
    const actions = (await listAuditBySubject(env.app.deps.db, created.value.id)).map((e) => e.action);
    expect(actions).toContain('application.viewed');
  });

  it('the SQLite files hold neither the surname, the number nor the phone', async () => {
    for (const p of procedures) expect(code(await clerk.call('applications.create', { ...input(p), idNumber: ID }))).toBe('ok');
    const files = readdirSync(env.dataDir).filter((f) => f.startsWith('okno.sqlite'));
    expect(files).toContain('okno.sqlite-wal');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(env.dataDir, f))));
    for (const needle of [PERSON.surname, PERSON.givenNames, ID, '297654321', '7654321', 'Фрунзенский']) {
      expect(bytes.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
    }
  });
});
