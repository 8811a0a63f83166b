/**
 * Creating an application on the write session (issue 18): the duplicate check, the number, the
 * row and its audit entry commit together or not at all, on a real SQLite file; and the session
 * itself (order, rollback, a connection that closes cleanly after prepared statements).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log';
import {
  closeDatabase,
  createApplication,
  NOT_YET_STAMPED,
  createFieldCipher,
  currentJournalSeq,
  findApplication,
  insertOf,
  listAudit,
  numberedAs,
  openDatabase,
  insertClerk,
  verifyAuditChain,
  writeTransaction,
  type CreateRequest,
  type Procedure,
} from '../../db';

let dir: string;
let file: string;
let db: Knex;
let closed: boolean;

const cipher = createFieldCipher(Buffer.alloc(32, 0x3c));
const OFFICE = 'MN-01';
const YEAR = 2026;
const AT = '2026-03-02T09:00:00.000Z';
const ID = (n: number) => `0190f0a0-0000-7000-8000-${String(n).padStart(12, '0')}`;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okno-create-'));
  file = join(dir, 'okno.sqlite');
  const result = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger });
  if (!result.ok) throw new Error(result.error.message);
  db = result.db;
  closed = false;
  await insertClerk(db, {
    id: 'clerk-anna',
    login: 'anna',
    fullName: 'Анна',
    role: 'clerk',
    passwordHash: 'x',
    disabled: false,
    failedAttempts: 0,
    lockedUntil: null,
    createdAt: AT,
    updatedAt: AT,
    lastLoginAt: null,
  });
});

afterEach(async () => {
  if (!closed) await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

function request(n: number, options: { person?: number; procedure?: Procedure; id?: string } = {}): CreateRequest {
  const idNumber = `3${String(options.person ?? n).padStart(6, '0')}A001PB1`;
  const id = options.id ?? ID(n);
  const idHash = cipher.hash('id', idNumber);
  const procedure = options.procedure ?? 'issue';
  return {
    idHash,
    procedure,
    officeCode: OFFICE,
    workstation: '4',
    year: YEAR,
    build: ({ seq, journalNo }) => ({
      row: {
        id,
        officeCode: OFFICE,
        journalYear: YEAR,
        journalSeq: seq,
        journalNo,
        procedure,
        state: 'draft',
        clerkId: 'clerk-anna',
        workstationId: '4',
        createdAt: AT,
        ...NOT_YET_STAMPED,
        updatedAt: AT,
        idHash,
        phoneHash: null,
        idMasked: `${idNumber.slice(0, 1)}**********PB1`,
        personal: cipher.encrypt(JSON.stringify({ idNumber }), id),
        purgedAt: null,
        phoneConfirmation: 'sms_code',
        refusalReasons: null,
        rejectionProblems: null,
        temporaryPasswordSent: null,
      },
      audit: { at: AT, actorId: 'clerk-anna', actorLogin: 'anna', action: 'application.created', subject: id, details: { journalNo } },
    }),
  };
}

const auditCount = async () => Number((await db('audit_log').count({ n: '*' }))[0]?.n);

describe('createApplication', () => {
  it('takes the next number, writes the row and its chained audit entry, and records the desk number', async () => {
    const first = await createApplication(db, request(1));
    const second = await createApplication(db, request(2));
    if (!('created' in first) || !('created' in second)) throw new Error('expected both created');
    expect([first.created.journalNo, second.created.journalNo]).toEqual(['2026/04-000001', '2026/04-000002']);
    expect(await findApplication(db, ID(2))).toEqual(second.created);
    expect(await currentJournalSeq(db, OFFICE, YEAR)).toBe(2);
    expect(await numberedAs(db)).toBe('4');
    const { entries } = await listAudit(db, { limit: 10 });
    expect(entries.map((e) => [e.action, e.subject, e.details])).toEqual([
      ['application.created', ID(2), { journalNo: '2026/04-000002' }],
      ['application.created', ID(1), { journalNo: '2026/04-000001' }],
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2 });
  });

  it('continues the chain that knex appends wrote, and knex continues after it', async () => {
    const { appendAudit } = await import('../../db');
    await appendAudit(db, { at: AT, actorId: null, actorLogin: null, action: 'settings.updated', subject: null, details: { key: 'a' } });
    await createApplication(db, request(1));
    await appendAudit(db, { at: AT, actorId: null, actorLogin: null, action: 'settings.updated', subject: null, details: { key: 'b' } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
  });

  it('reports an open application of the person and writes nothing', async () => {
    await createApplication(db, request(1, { person: 7 }));
    const before = await auditCount();
    const outcome = await createApplication(db, request(2, { person: 7 }));
    expect('duplicates' in outcome && outcome.duplicates.open.map((r) => r.id)).toEqual([ID(1)]);
    expect(await currentJournalSeq(db, OFFICE, YEAR)).toBe(1);
    expect(await auditCount()).toBe(before);
    expect(await findApplication(db, ID(2))).toBeNull();
  });

  it('to issue, an approved application is a duplicate too; to block, it is not', async () => {
    await createApplication(db, request(1, { person: 8 }));
    await db('applications').where('id', ID(1)).update({ state: 'approved', decided_at: AT });
    const issue = await createApplication(db, request(2, { person: 8 }));
    expect('duplicates' in issue && issue.duplicates.approved.map((r) => r.id)).toEqual([ID(1)]);
    const block = await createApplication(db, request(3, { person: 8, procedure: 'block' }));
    expect('created' in block && block.created.journalNo).toBe('2026/04-000002');
  });

  it('a statement that fails rolls back the number, the row and the audit entry; the next create has no gap', async () => {
    await createApplication(db, request(1));
    const before = await auditCount();
    // Another person, but the id of an existing row: the insert fails after the number was taken.
    await expect(createApplication(db, request(2, { id: ID(1) }))).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await currentJournalSeq(db, OFFICE, YEAR)).toBe(1);
    expect(await auditCount()).toBe(before);
    const next = await createApplication(db, request(3));
    expect('created' in next && next.created.journalNo).toBe('2026/04-000002');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2 });
  });

  it('refuses a workstation number outside 1–99 before touching the database', async () => {
    await expect(createApplication(db, { ...request(1), workstation: '100' })).rejects.toThrow(RangeError);
    expect(await currentJournalSeq(db, OFFICE, YEAR)).toBeNull();
  });
});

describe('writeTransaction', () => {
  beforeEach(() => db.schema.createTable('t', (t) => t.integer('n').primary()));

  const count = async () => Number((await db('t').count({ n: '*' }))[0]?.n);

  it('commits what the body issued, in the order issued, awaited or not', async () => {
    const seen = await writeTransaction(db, async (session) => {
      void session.run(insertOf('t', { n: 1 }));
      void session.run(insertOf('t', { n: 2 }));
      return session.all({ sql: 'SELECT count(*) AS c FROM t', bindings: [] });
    });
    expect(seen).toEqual([{ c: 2 }]);
    expect(await count()).toBe(2);
  });

  it('rolls back everything when the body throws, and the connection goes on working', async () => {
    await expect(
      writeTransaction(db, async (session) => {
        await session.run(insertOf('t', { n: 1 }));
        throw new Error('body failed');
      }),
    ).rejects.toThrow('body failed');
    expect(await count()).toBe(0);
    await writeTransaction(db, (session) => session.run(insertOf('t', { n: 3 })));
    expect(await count()).toBe(1);
  });

  it('rolls back when a statement the body did not await fails', async () => {
    await expect(
      writeTransaction(db, async (session) => {
        void session.run(insertOf('t', { n: 1 }));
        void session.run(insertOf('t', { n: 1 }));
        await session.run(insertOf('t', { n: 2 }));
      }),
    ).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await count()).toBe(0);
  });

  it('is refused inside a knex transaction (which holds the only connection)', async () => {
    await db.transaction(async (trx) => {
      await expect(writeTransaction(trx, async () => undefined)).rejects.toThrow(/inside a knex transaction/);
    });
  });

  it('the connection closes cleanly after many prepared statements (the WAL is checkpointed away)', async () => {
    for (let i = 0; i < 80; i++) {
      // Distinct texts: more than the cache keeps, so some are finalized on the way.
      await writeTransaction(db, (session) => session.run({ sql: `INSERT INTO t (n) VALUES (?) -- ${i}`, bindings: [i] }));
    }
    expect(await count()).toBe(80);
    await closeDatabase(db);
    closed = true;
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('insertOf refuses a name that is not a plain identifier', () => {
    expect(() => insertOf('t; DROP TABLE t', { n: 1 })).toThrow(/not an identifier/);
    expect(() => insertOf('t', { 'n) VALUES (1); --': 1 })).toThrow(/not an identifier/);
    expect(insertOf('t', { n: 1, skipped: undefined })).toEqual({ sql: 'INSERT INTO "t" ("n") VALUES (?)', bindings: [1] });
  });
});
