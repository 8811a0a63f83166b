/**
 * Who a desk is (issue 14): office code and workstation number from the first-run screen or IT's
 * file, never a silent default; no application without them; the workstation number fixed once
 * the desk has numbered an application; journal numbers of the old form kept by migration 0010,
 * the counter going on in the new form, the journal search finding either.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, createFieldCipher, migrations, openDatabase } from '../../db';
import { silentLogger } from '../../main/log';
import type { ApplicationDetail, ApplicationSummary, Role } from '../../preload/contract';
import { removeDir, tempDir, type HttpClient } from '../harness';
import { ADMIN, SEEDED_HASHES, seedClerk, seedRoles, startInProcess, type InProcess } from '../support/in-process';
import { insertOldClerk } from '../support/old-schema';
import { syntheticPerson } from '../support/sync-load';

let env: InProcess | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await env?.close();
  env = null;
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A «Блокировка» for a synthetic person (valid number, data the local checks accept; no phone needed). */
function application(n: number) {
  const p = syntheticPerson(n);
  const doc = p.documents[0];
  return {
    procedure: 'block',
    idNumber: p.idNumber,
    person: { surname: p.surname, givenNames: p.givenNames, birthDate: p.birthDate, sex: p.sex, citizenship: p.citizenship },
    document: { type: doc?.type, series: doc?.series, number: doc?.number, expiresAt: doc?.expiresAt },
    consent: true,
  };
}
const ANNA = 8001;
const ANNA_2 = 8003;

/** Signs in an account seeded with a precomputed hash (the migrated file already has a clerk: no first run). */
async function signedIn(e: InProcess, login: string, role: Role, password: keyof typeof SEEDED_HASHES): Promise<HttpClient> {
  await seedClerk(e, { login, fullName: `Тестовый ${login}`, role, passwordHash: SEEDED_HASHES[password] });
  const c = await e.client();
  const r = await c.call('auth.login', { login, password });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return c;
}

type Page = { items: ApplicationSummary[] };

describe('desk identity', () => {
  it('unset: the first admin exists but no application is numbered; once set on «Настройки», it is', async () => {
    env = await startInProcess();
    const { admin, clerk } = await seedRoles(env, null);
    const info = await admin.call<{ officeCode: string; workstationId: string }>('app.info');
    expect(info).toMatchObject({ ok: true, value: { officeCode: '', workstationId: '' } });
    const refused = await clerk.call('applications.create', application(ANNA));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'desk_identity_required', message: expect.stringContaining('номер рабочего места') },
    });
    // Half of it is not enough either.
    expect((await admin.call('settings.update', { officeCode: 'MN-07' })).ok).toBe(true);
    expect(await clerk.call('applications.create', application(ANNA))).toMatchObject({
      ok: false,
      error: { code: 'desk_identity_required' },
    });
    // An empty value cannot be saved as a way back to "unset", nor a number out of 1–99.
    for (const bad of ['', '0', '100', '07', 'ws-1']) {
      expect(await admin.call('settings.update', { workstationId: bad })).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect((await admin.call('settings.update', { workstationId: '7' })).ok).toBe(true);
    const created = await clerk.call<ApplicationDetail>('applications.create', application(ANNA));
    expect(created).toMatchObject({ ok: true, value: { journalNo: '2026/07-000001', officeCode: 'MN-07', workstationId: '7' } });
  });

  it('the first-run screen sets both with the administrator, audited; a bad number is refused and creates nobody', async () => {
    env = await startInProcess();
    const admin = await env.client();
    const base = { login: ADMIN.login, password: ADMIN.password, passwordRepeat: ADMIN.password };
    const bad = await admin.call('setup.createAdmin', { ...base, officeCode: 'MN-07', workstationId: '123' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { workstationId: expect.stringContaining('от 1 до 99') } },
    });
    expect(await admin.call('app.info')).toMatchObject({ ok: true, value: { setupRequired: true } });
    const made = await admin.call('setup.createAdmin', { ...base, officeCode: 'MN-07', workstationId: '12' });
    expect(made.ok).toBe(true);
    expect(await admin.call('app.info')).toMatchObject({ ok: true, value: { officeCode: 'MN-07', workstationId: '12' } });
    const row: { details: string } | undefined = await env.app.deps.db('audit_log').where('action', 'setup.admin_created').first();
    expect(JSON.parse(row?.details ?? '{}')).toMatchObject({
      officeCode: 'MN-07',
      workstationId: '12',
    });
  });

  it('a config file gives them: the first-run screen may not type others', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ officeCode: 'MN-07', workstationId: '4' }));
    env = await startInProcess({ configFile: config });
    const admin = await env.client();
    const base = { login: ADMIN.login, password: ADMIN.password, passwordRepeat: ADMIN.password };
    expect(await admin.call('setup.createAdmin', { ...base, workstationId: '5' })).toMatchObject({
      ok: false,
      error: { code: 'config_readonly', fields: { workstationId: expect.any(String) } },
    });
    expect((await admin.call('setup.createAdmin', base)).ok).toBe(true);
    expect(await admin.call('app.info')).toMatchObject({ ok: true, value: { officeCode: 'MN-07', workstationId: '4' } });
  });

  it('the workstation number does not change once the desk has an application; the office name still does', async () => {
    env = await startInProcess();
    const { admin, clerk } = await seedRoles(env, { officeCode: 'MN-07', workstationId: '3' });
    // Before any application it may be corrected.
    expect((await admin.call('settings.update', { workstationId: '5' })).ok).toBe(true);
    const created = await clerk.call<ApplicationDetail>('applications.create', application(ANNA));
    expect(created).toMatchObject({ ok: true, value: { journalNo: '2026/05-000001' } });
    const refused = await admin.call('settings.update', { workstationId: '6', officeName: 'Другое имя' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'workstation_locked', fields: { workstationId: expect.stringContaining('Замена рабочего места') } },
    });
    // Nothing of the refused update was saved.
    expect(await admin.call('app.info')).toMatchObject({ ok: true, value: { workstationId: '5', officeName: 'Служба «одно окно»' } });
    // The same number again is no change; other settings are saved as before.
    expect((await admin.call('settings.update', { workstationId: '5', officeName: 'Другое имя' })).ok).toBe(true);
    const next = await clerk.call<ApplicationDetail>('applications.create', application(ANNA_2));
    expect(next).toMatchObject({ ok: true, value: { journalNo: '2026/05-000002' } });
  });
});

describe('a config file that renumbers a desk with applications', () => {
  it('stops the start with what to do; the number it had starts again', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    dirs.push(dir, dataDir);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ officeCode: 'MN-07', workstationId: '4' }));
    env = await startInProcess({ configFile: config, dataDir });
    const { clerk } = await seedRoles(env);
    expect(await clerk.call('applications.create', application(ANNA))).toMatchObject({ ok: true, value: { journalNo: '2026/04-000001' } });
    await env.close();
    env = null;

    writeFileSync(config, JSON.stringify({ officeCode: 'MN-07', workstationId: '5' }));
    await expect(startInProcess({ configFile: config, dataDir })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/«workstationId» — "5".*с номером "4".*Замена рабочего места/),
    });
    writeFileSync(config, JSON.stringify({ officeCode: 'MN-07', workstationId: '4' }));
    env = await startInProcess({ configFile: config, dataDir });
    expect(env.app.deps.settings.values().workstationId).toBe('4');
  });
});

describe('migration 0010: journal numbers of the old form', () => {
  it('keeps 2026/000001…3 as they are; the next number is 2026/04-000004; the journal finds each by its number', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const key = Buffer.alloc(32, 9);
    writeFileSync(join(dataDir, 'okno.key'), key.toString('base64'), { mode: 0o600 });
    const cipher = createFieldCipher(key);
    const T = '2026-11-20T09:00:00.000Z';
    const CLERK = '00000000-0000-4000-8000-00000000000c';
    // A desk's file as the schema stood before issue 14 (through 0007).
    const old = await openDatabase({
      file: join(dataDir, 'okno.sqlite'),
      backupsDir: join(dataDir, 'backups'),
      log: silentLogger,
      migrations: migrations.slice(0, 7),
    });
    if (!old.ok) throw new Error(old.error.message);
    await insertOldClerk(old.db, CLERK, T);
    const ids = [1, 2, 3].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
    for (const [i, id] of ids.entries()) {
      await old.db('applications').insert({
        id,
        office_code: 'MN-07',
        journal_year: 2026,
        journal_seq: i + 1,
        journal_no: `2026/00000${i + 1}`,
        procedure: 'block',
        state: 'draft',
        clerk_id: CLERK,
        workstation_id: '1',
        created_at: T,
        updated_at: T,
        id_hash: cipher.hash('id', `415028${i}A001PB6`),
        id_masked: '4*************',
        personal: cipher.encrypt('{}', id),
        phone_confirmation: 'none',
      });
    }
    await old.db('journal_counters').insert({ office_code: 'MN-07', year: 2026, last_seq: 3 });
    const before = await old.db('applications').select('*').orderBy('id');
    await closeDatabase(old.db);

    env = await startInProcess({ dataDir });
    const admin = await signedIn(env, 'admin', 'admin', 'supervisor-password-1');
    const clerk = await signedIn(env, 'clerk', 'clerk', 'clerk-password-1');
    const supervisor = await signedIn(env, 'supervisor', 'supervisor', 'supervisor-password-1');
    expect((await admin.call('settings.update', { officeCode: 'MN-07', workstationId: '4' })).ok).toBe(true);
    // Unchanged but for the columns 0008 (issue 13) added, at their defaults.
    const migrated = before.map((row: Record<string, unknown>) => ({ ...row, phone_deferred_reason: null, registry_unchecked: 0 }));
    expect(await env.app.deps.db('applications').select('*').orderBy('id')).toEqual(migrated);
    const created = await clerk.call<ApplicationDetail>('applications.create', application(ANNA));
    expect(created).toMatchObject({ ok: true, value: { journalNo: '2026/04-000004' } });

    for (const [journalNo, id] of [
      ['2026/000002', ids[1]],
      ['2026/04-000004', created.ok ? created.value.id : ''],
    ] as const) {
      // Whatever the period on the screen (today by default): a number is looked up across all dates.
      const found = await supervisor.call<Page>('journal.list', { journalNo, from: '2026-01-01', to: '2026-01-02' });
      expect(found.ok && found.value.items.map((i) => [i.journalNo, i.id])).toEqual([[journalNo, id]]);
    }
    expect(await supervisor.call<Page>('journal.list', { journalNo: '2026/04-000002' })).toMatchObject({ ok: true, value: { items: [] } });
    expect(await supervisor.call('journal.list', { journalNo: '2026-000002' })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { journalNo: expect.stringContaining('2026/03-000123') } },
    });
    // The rebuilt table still enforces the number's form: one that does not match its own desk is refused.
    await expect(env.app.deps.db('applications').where('id', ids[0]).update({ journal_no: '2026/09-000001' })).rejects.toThrow(
      /CHECK constraint failed/,
    );
  });
});
