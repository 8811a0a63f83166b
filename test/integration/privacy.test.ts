/**
 * Retention and data-subject requests through the real router, a real SQLite file and the real
 * cipher. "Gone" is checked on the bytes: after a purge the files (database, WAL, backups) are
 * searched for the purged people's ciphertext, lookup hashes and clear values; the same search
 * finds what is still held, so it cannot pass by looking in the wrong place.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Procedure, RetentionStatus, SubjectEraseResult, SubjectFindResult, SubjectReport } from '../../preload/contract';
import { findApplication, listAudit, transitionApplication, verifyAuditChain } from '../../db';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';
import { insertOldClerk } from '../support/old-schema';

const DAY = 24 * 60 * 60 * 1000;

interface Person {
  idNumber: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string;
  phoneE164: string;
  documentNumber: string;
}

// Valid identification numbers from vectors.md (ID-V1, ID-V2, ID-V4, ID-V7) with matching birth dates.
const ANNA: Person = {
  idNumber: '4150285H123PB2',
  surname: 'Шчарбацевіч',
  givenNames: 'Ганна',
  birthDate: '1985-02-15',
  sex: 'F',
  phone: '+375 29 611-22-33',
  phoneE164: '+375296112233',
  documentNumber: '6611223',
};
const PAVEL: Person = {
  idNumber: '3041088A042PB2',
  surname: 'Каржанеўскі',
  givenNames: 'Павел',
  birthDate: '1988-10-04',
  sex: 'M',
  phone: '+375 33 644-55-66',
  phoneE164: '+375336445566',
  documentNumber: '6644556',
};
const ALES: Person = {
  idNumber: '3270287A012PB2',
  surname: 'Дзямідовіч',
  givenNames: 'Алесь',
  birthDate: '1987-02-27',
  sex: 'M',
  phone: '+375 25 699-00-11',
  phoneE164: '+375256990011',
  documentNumber: '6699001',
};
const IGOR: Person = {
  idNumber: '3311299E777PB7',
  surname: 'Ляшкевічус',
  givenNames: 'Ігар',
  birthDate: '1999-12-31',
  sex: 'M',
  phone: '+375 44 677-88-99',
  phoneE164: '+375446778899',
  documentNumber: '6677889',
};

function input(person: Person, procedure: Procedure = 'issue') {
  return {
    procedure,
    idNumber: person.idNumber,
    person: { surname: person.surname, givenNames: person.givenNames, birthDate: person.birthDate, sex: person.sex, citizenship: 'BLR' },
    document: { type: 'id_card_by', series: 'MP', number: person.documentNumber, expiresAt: '2032-05-01' },
    ...(procedure === 'issue' || procedure === 'change_phone' ? { phone: person.phone } : {}),
    consent: true,
  };
}

type Detail = { id: string; journalNo: string; state: string };

let env: InProcess;
let clerk: HttpClient;
let supervisor: HttpClient;
let admin: HttpClient;

beforeEach(async () => {
  env = await startInProcess({ retention: false });
  ({ clerk, supervisor, admin } = await seedRoles(env));
});
afterEach(() => env.close());

async function must<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await promise;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const create = (person: Person, procedure?: Procedure) => must(clerk.call<Detail>('applications.create', input(person, procedure)));
const cancel = (id: string) => must(clerk.call<Detail>('applications.cancel', { id, reason: 'гражданин передумал' }));
async function signed(person: Person, procedure?: Procedure): Promise<Detail> {
  const app = await create(person, procedure);
  await must(clerk.call('applications.markPrinted', { id: app.id }));
  return must(clerk.call<Detail>('applications.sign', { id: app.id }));
}

/** Every file of the data folder that holds database pages: the file, its WAL and shm, backups. */
function databaseBytes(): Buffer {
  const files = ['okno.sqlite', 'okno.sqlite-wal', 'okno.sqlite-shm'].map((f) => join(env.dataDir, f)).filter((f) => existsSync(f));
  const backups = join(env.dataDir, 'backups');
  if (existsSync(backups)) files.push(...readdirSync(backups).map((f) => join(backups, f)));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

/** What would give the person away if it were still in the files. */
async function traces(person: Person, applicationId: string): Promise<Array<[string, Buffer]>> {
  const row = await findApplication(env.app.deps.db, applicationId);
  if (!row?.personal || !row.idHash) throw new Error('the application holds no data to trace');
  const out: Array<[string, Buffer]> = [
    ['ciphertext', row.personal],
    ['id hash', Buffer.from(row.idHash, 'utf8')],
    ['masked id', Buffer.from(row.idMasked, 'utf8')],
    ['id number', Buffer.from(person.idNumber, 'utf8')],
    ['surname', Buffer.from(person.surname, 'utf8')],
    ['phone', Buffer.from(person.phoneE164, 'utf8')],
    ['document number', Buffer.from(person.documentNumber, 'utf8')],
  ];
  if (row.phoneHash) out.push(['phone hash', Buffer.from(row.phoneHash, 'utf8')]);
  return out;
}

/** A pre-upgrade backup of the live database as it is now, named as db/connection.ts names them. */
async function backupNow(): Promise<string> {
  const dir = join(env.dataDir, 'backups');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `okno-${env.clock.now().toISOString().replace(/[-:.]/g, '')}-schema5.sqlite`);
  await env.app.deps.db.raw(`VACUUM INTO '${path}'`);
  return path;
}

const found = (bytes: Buffer, list: Array<[string, Buffer]>) => list.filter(([, needle]) => bytes.includes(needle)).map(([name]) => name);

describe('retention', () => {
  it('purges closed applications past the period, keeps the journal, and leaves no byte of them in the files', async () => {
    const { db } = env.app.deps;
    // Day 0: Anna's application is cancelled, Pavel's approved (a decision from the registry).
    const anna = await cancel((await create(ANNA)).id);
    const pavel = await signed(PAVEL, 'block');
    await transitionApplication(db, pavel.id, { from: ['queued'], to: 'sent', at: env.clock.now().toISOString() });
    await transitionApplication(db, pavel.id, { from: ['sent'], to: 'approved', at: env.clock.now().toISOString() });
    // Igor's is still waiting for the registry: never purged, however old.
    const igor = await signed(IGOR);
    const gone = [...(await traces(ANNA, anna.id)), ...(await traces(PAVEL, pavel.id))];
    const kept = await traces(IGOR, igor.id);
    const keptLater = () => traces(ALES, ales.id);
    // The ciphertext and hashes are in the files now (the search looks where the data are).
    expect(found(databaseBytes(), gone)).toEqual(expect.arrayContaining(['ciphertext', 'id hash']));

    // Day 20: within the period, nothing goes. Later that day Ales's application is cancelled.
    env.clock.advance(20 * DAY);
    expect((await env.app.deps.retention.runNow()).purged).toEqual([]);
    const ales = await cancel((await create(ALES)).id);

    // Day 31: the first two are past 30 days; Ales's is not.
    env.clock.advance(11 * DAY);
    const run = await env.app.deps.retention.runNow();
    expect(run.purged.map((p) => p.journalNo).sort()).toEqual([anna.journalNo, pavel.journalNo].sort());

    for (const id of [anna.id, pavel.id]) {
      expect(await findApplication(db, id)).toMatchObject({ personal: null, idHash: null, phoneHash: null, idMasked: '' });
    }
    // The audit log may keep the masked number of an event (never a full one): the row's own mask is checked above.
    expect(found(databaseBytes(), gone).filter((name) => name !== 'masked id')).toEqual([]);
    expect(found(databaseBytes(), kept)).toEqual(expect.arrayContaining(['ciphertext', 'id hash']));
    expect(found(databaseBytes(), await keptLater())).toEqual(expect.arrayContaining(['ciphertext', 'id hash', 'phone hash']));
    expect(await findApplication(db, ales.id)).toMatchObject({ purgedAt: null });

    // The journal still counts them, with number, procedure, dates, state and clerk.
    const journal = await must(
      clerk.call<{ items: Array<{ journalNo: string; state: string; clerkName: string }> }>('journal.list', {
        from: '2026-11-01',
        to: '2026-12-31',
      }),
    );
    expect(journal.items).toHaveLength(4);
    expect(journal.items.find((i) => i.journalNo === pavel.journalNo)).toMatchObject({ state: 'approved', clerkName: 'Тестовый clerk' });
    const opened = await must(clerk.call<{ purged: boolean; personal: unknown; procedure: string }>('applications.get', { id: anna.id }));
    expect(opened).toMatchObject({ purged: true, personal: null, procedure: 'issue' });

    // Audited with counts, and nothing of the people in the row.
    const [entry] = (await listAudit(db, { action: 'retention.purged', limit: 5 })).entries;
    expect(entry?.details).toMatchObject({ applications: 2, retentionDays: 30, cancelled: 1, approved: 1 });
    expect(JSON.stringify(entry)).not.toMatch(new RegExp(`${ANNA.surname}|${PAVEL.surname}|${ANNA.idNumber}|${PAVEL.idNumber}`));
    expect((await verifyAuditChain(db)).ok).toBe(true);

    const status = await must(supervisor.call<RetentionStatus>('retention.status', {}));
    expect(status).toMatchObject({
      retentionDays: 30,
      lastPurged: 2,
      holding: 2,
      purgedTotal: 2,
      lastRunAt: env.clock.now().toISOString(),
    });
  });

  it('purges at once when the admin shortens the period, and removes backups older than it', async () => {
    const app = await cancel((await create(ANNA)).id);
    const backups = join(env.dataDir, 'backups');
    mkdirSync(backups, { recursive: true });
    writeFileSync(join(backups, 'okno-20261001T090000000Z-schema4.sqlite'), 'old');
    // A real backup: a file that is not a database is removed now (it cannot be purged of what falls due).
    await env.app.deps.db.raw(`VACUUM INTO '${join(backups, 'okno-20261125T090000000Z-schema4.sqlite')}'`);
    env.clock.advance(3 * DAY);

    await must(admin.call('settings.update', { retentionDays: 2 }));
    // The shortened period starts a run; this one queues behind it.
    await env.app.deps.retention.runNow();
    expect(await findApplication(env.app.deps.db, app.id)).toMatchObject({ personal: null });
    expect(readdirSync(backups)).toEqual(['okno-20261125T090000000Z-schema4.sqlite']);
    expect(await must(admin.call<RetentionStatus>('retention.status', {}))).toMatchObject({ retentionDays: 2, holding: 0, purgedTotal: 1 });
  });

  it('is a setting with bounds, refused field by field', async () => {
    for (const bad of [0, 3651, 1.5, '30']) {
      const r = await admin.call('settings.update', { retentionDays: bad });
      expect(r.ok ? 'ok' : r.error.code).toBe('validation');
    }
    const r = await clerk.call('settings.update', { retentionDays: 10 });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
  });
});

describe('abandoned applications (draftDays)', () => {
  it('a draft or an unsigned application untouched for draftDays is cancelled by the system, audited, then purged as cancelled', async () => {
    const { db } = env.app.deps;
    const draft = await create(ANNA);
    const unsigned = await create(PAVEL);
    await must(clerk.call('applications.markPrinted', { id: unsigned.id }));
    const queued = await signed(IGOR);
    const gone = [...(await traces(ANNA, draft.id)), ...(await traces(PAVEL, unsigned.id))];

    // Day 5: a fresh draft; the first ones are not yet 7 days old.
    env.clock.advance(5 * DAY);
    const fresh = await create(ALES);
    expect((await env.app.deps.retention.runNow()).abandoned).toEqual([]);

    // Day 8: the two left since day 0 are cancelled; the signed one waits for the registry, the fresh draft stays.
    env.clock.advance(3 * DAY);
    const run = await env.app.deps.retention.runNow();
    expect(run.abandoned.map((a) => [a.journalNo, a.from]).sort()).toEqual(
      [
        [draft.journalNo, 'draft'],
        [unsigned.journalNo, 'awaiting_signature'],
      ].sort(),
    );
    for (const id of [draft.id, unsigned.id])
      expect(await findApplication(db, id)).toMatchObject({ state: 'cancelled', cancelledAt: env.clock.now().toISOString() });
    expect(await findApplication(db, queued.id)).toMatchObject({ state: 'queued' });
    expect(await findApplication(db, fresh.id)).toMatchObject({ state: 'draft' });
    const cancels = (await listAudit(db, { action: 'application.cancelled', limit: 10 })).entries;
    expect(cancels).toHaveLength(2);
    for (const entry of cancels) {
      expect(entry.actorId).toBeNull();
      expect(entry.details).toMatchObject({ automatic: true, draftDays: 7, reason: expect.stringContaining('Отменено автоматически') });
    }

    // Day 39: cancelled 31 days ago, past the 30-day period: purged, no byte left.
    env.clock.advance(31 * DAY);
    const later = await env.app.deps.retention.runNow();
    expect(later.purged.map((p) => p.journalNo)).toEqual(expect.arrayContaining([draft.journalNo, unsigned.journalNo]));
    expect(found(databaseBytes(), gone).filter((name) => name !== 'masked id')).toEqual([]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('draftDays is a setting with bounds 1–365, default 7', async () => {
    expect(await must(admin.call<{ values: { draftDays: number } }>('settings.get', {}))).toMatchObject({ values: { draftDays: 7 } });
    for (const bad of [0, 366, 2.5, '7']) {
      const r = await admin.call('settings.update', { draftDays: bad });
      expect(r.ok ? 'ok' : r.error.code).toBe('validation');
    }
    expect(await admin.call('settings.update', { draftDays: 30 })).toMatchObject({ ok: true, value: { values: { draftDays: 30 } } });
  });
});

describe('data-subject requests', () => {
  it('finds a person’s applications, reports what is held, and erases the closed ones early, audited', async () => {
    const closed = await cancel((await create(PAVEL)).id);
    const open = await signed(PAVEL);
    const other = await cancel((await create(ANNA)).id);
    const erasedTraces = await traces(PAVEL, closed.id);

    const list = await must(supervisor.call<SubjectFindResult>('subjects.find', { idNumber: PAVEL.idNumber }));
    expect(list.idMasked).toBe('3**********PB2');
    // Same instant on the test clock: the order between them is by id, so compare sorted.
    expect(list.applications.map((a) => [a.journalNo, a.eraseBlocker]).sort()).toEqual([
      [closed.journalNo, null],
      [open.journalNo, 'awaiting_registry'],
    ]);

    const report = await must(supervisor.call<SubjectReport>('subjects.report', { idNumber: PAVEL.idNumber }));
    expect(report.applications).toHaveLength(2);
    const closedReport = report.applications.find((a) => a.id === closed.id);
    expect(closedReport?.personal?.person.surname).toBe(PAVEL.surname);
    expect(closedReport?.history.map((h) => h.action)).toEqual(['application.created', 'application.cancelled']);
    expect(report.generatedBy).toBe('Тестовый supervisor');

    const erased = await must(supervisor.call<SubjectEraseResult>('subjects.erase', { idNumber: PAVEL.idNumber, requestRef: '№ 17/2026' }));
    expect(erased).toEqual({
      erased: 1,
      kept: [{ journalNo: open.journalNo, blocker: 'awaiting_registry' }],
      backups: { cleaned: 0, removed: 0 },
    });
    // Erased: not findable any more, and not in the files; the other person is untouched.
    const again = await must(supervisor.call<SubjectFindResult>('subjects.find', { idNumber: PAVEL.idNumber }));
    expect(again.applications.map((a) => a.journalNo)).toEqual([open.journalNo]);
    // Only the erased row's ciphertext can be absent: the kept application still holds his hash and values.
    expect(found(databaseBytes(), erasedTraces)).not.toContain('ciphertext');
    expect(await findApplication(env.app.deps.db, other.id)).toMatchObject({ purgedAt: null });

    const actions = (await listAudit(env.app.deps.db, { limit: 20 })).entries.filter((e) => e.action.startsWith('subject.'));
    expect(actions.map((e) => e.action)).toEqual(['subject.searched', 'subject.erased', 'subject.reported', 'subject.searched']);
    expect(actions[1]?.details).toEqual({ requestRef: '№ 17/2026', erased: 1, applications: [closed.journalNo], kept: [open.journalNo] });
    for (const entry of actions) expect(JSON.stringify(entry)).not.toMatch(new RegExp(`${PAVEL.surname}|${PAVEL.idNumber}|6644556`));
  });

  it('is for the supervisor alone', async () => {
    for (const caller of [clerk, admin]) {
      for (const channel of ['subjects.find', 'subjects.report'] as const) {
        const r = await caller.call(channel, { idNumber: PAVEL.idNumber });
        expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
      }
      const r = await caller.call('subjects.erase', { idNumber: PAVEL.idNumber, requestRef: '1' });
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    }
  });
});

describe('pre-upgrade backups', () => {
  it('rows purged by retention are purged in the backups too; the backup stays, holding what is still held', async () => {
    const anna = await cancel((await create(ANNA)).id);
    const igor = await signed(IGOR);
    const gone = await traces(ANNA, anna.id);
    env.clock.advance(20 * DAY);
    const ales = await cancel((await create(ALES)).id);
    const backup = await backupNow();
    const kept = [...(await traces(IGOR, igor.id)), ...(await traces(ALES, ales.id))];
    // The search looks where the data are: the backup holds Anna's ciphertext now.
    expect(found(readFileSync(backup), gone)).toEqual(expect.arrayContaining(['ciphertext', 'id hash']));

    env.clock.advance(11 * DAY);
    const run = await env.app.deps.retention.runNow();
    expect(run.purged.map((p) => p.journalNo)).toEqual([anna.journalNo]);
    expect(run.backups).toEqual({ cleaned: [basename(backup)], removed: [], rows: 1 });
    expect(existsSync(backup)).toBe(true);
    expect(existsSync(`${backup}-journal`) || existsSync(`${backup}-wal`)).toBe(false);
    const bytes = readFileSync(backup);
    // The audit log keeps the masked number of an event (never a full one), as in the live file.
    expect(found(bytes, gone).filter((name) => name !== 'masked id')).toEqual([]);
    expect(found(bytes, kept)).toEqual(expect.arrayContaining(['ciphertext', 'id hash']));
    const [entry] = (await listAudit(env.app.deps.db, { action: 'retention.purged', limit: 5 })).entries;
    expect(entry?.details).toMatchObject({ trigger: 'retention', backupsCleaned: 1, backupsRemoved: 0, backupRows: 1 });

    // The next run finds nothing more to do in it.
    expect((await env.app.deps.retention.runNow()).backups).toEqual({ cleaned: [], removed: [], rows: 0 });
  });

  it('an early erase reaches the backups, and the result says so; a backup that cannot be purged is removed', async () => {
    const pavel = await cancel((await create(PAVEL)).id);
    const anna = await cancel((await create(ANNA)).id);
    const backup = await backupNow();
    const damaged = join(env.dataDir, 'backups', 'okno-20261123T080000000Z-schema5.sqlite');
    writeFileSync(damaged, Buffer.concat([Buffer.from('not a database '), readFileSync(backup).subarray(0, 4096)]));
    const gone = await traces(PAVEL, pavel.id);
    const kept = await traces(ANNA, anna.id);

    const erased = await must(supervisor.call<SubjectEraseResult>('subjects.erase', { idNumber: PAVEL.idNumber, requestRef: '№ 18/2026' }));
    expect(erased).toEqual({ erased: 1, kept: [], backups: { cleaned: 1, removed: 1 } });
    expect(existsSync(damaged)).toBe(false);
    const bytes = readFileSync(backup);
    expect(found(bytes, gone).filter((name) => name !== 'masked id')).toEqual([]);
    expect(found(bytes, kept)).toEqual(expect.arrayContaining(['ciphertext', 'id hash']));
    const [entry] = (await listAudit(env.app.deps.db, { action: 'retention.purged', limit: 5 })).entries;
    expect(entry?.details).toMatchObject({ trigger: 'subject.erased', backupsCleaned: 1, backupsRemoved: 1 });
    expect((await verifyAuditChain(env.app.deps.db)).ok).toBe(true);
  });
});

describe('migration 0005', () => {
  it('rebuilds the applications table with every row and every reference kept, foreign keys on again', async () => {
    const { openDatabase, closeDatabase, migrations, createFieldCipher } = await import('../../db');
    const { silentLogger } = await import('../../main/log');
    const { tempDir, removeDir } = await import('../harness');
    const dir = tempDir();
    const file = join(dir, 'okno.sqlite');
    const T = '2026-11-01T09:00:00.000Z';
    const CLERK = '00000000-0000-4000-8000-00000000000c';
    const cipher = createFieldCipher(Buffer.alloc(32, 7));
    const old = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger, migrations: migrations.slice(0, 4) });
    if (!old.ok) throw new Error(old.error.message);
    await insertOldClerk(old.db, CLERK, T);
    const ids = Array.from({ length: 3 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    for (const [i, id] of ids.entries()) {
      await old.db('applications').insert({
        id,
        office_code: '01',
        journal_year: 2026,
        journal_seq: i + 1,
        journal_no: `2026/00000${i + 1}`,
        procedure: 'issue',
        state: 'queued',
        clerk_id: CLERK,
        workstation_id: '1',
        created_at: T,
        updated_at: T,
        id_hash: cipher.hash('id', ANNA.idNumber),
        id_masked: '4150285*******',
        personal: cipher.encrypt('{}', id),
        phone_confirmation: 'none',
      });
      await old.db('outbox').insert({ application_id: id, enqueued_at: T, next_attempt_at: T });
      await old
        .db('label_jobs')
        .insert({ id: `${id.slice(0, -2)}f${i}`, application_id: id, kind: 'first', clerk_id: CLERK, queued_at: T });
      await old
        .db('notifications')
        .insert({ id: id.replace(/^0/, 'a'), clerk_id: CLERK, application_id: id, outcome: 'approved', created_at: T });
    }
    const before = await old.db('applications').select('*').orderBy('id');
    await closeDatabase(old.db);

    // Up to 0005 only: 0007 re-masks what this test compares (test/integration/remask.test.ts).
    const upgraded = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger, migrations: migrations.slice(0, 5) });
    if (!upgraded.ok) throw new Error(upgraded.error.message);
    try {
      expect(upgraded.migrated).toEqual(['0005_retention']);
      expect(await upgraded.db('applications').select('*').orderBy('id')).toEqual(before);
      expect(await upgraded.db.raw('PRAGMA foreign_key_check')).toEqual([]);
      expect(await upgraded.db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      // The references still point at the rebuilt table: a child of a missing application is refused.
      await expect(
        upgraded.db('outbox').insert({ application_id: ids[0]?.replace(/0$/, '9'), enqueued_at: T, next_attempt_at: T }),
      ).rejects.toThrow(/FOREIGN KEY/);
      const indexes = await upgraded.db.raw(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'applications' AND sql IS NOT NULL`,
      );
      expect((indexes as Array<{ name: string }>).map((r) => r.name).sort()).toEqual([
        'applications_clerk',
        'applications_holding',
        'applications_id_hash',
        'applications_journal',
        'applications_phone_hash',
        'applications_procedure',
        'applications_state',
      ]);
    } finally {
      await closeDatabase(upgraded.db);
      removeDir(dir);
    }
  });
});
