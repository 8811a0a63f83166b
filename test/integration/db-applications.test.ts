import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log';
import {
  appendAudit,
  applicationStates,
  closeDatabase,
  countPending,
  createFieldCipher,
  currentJournalSeq,
  enqueue,
  decideMany,
  findApplication,
  findApprovedByIdHash,
  findByPhoneHash,
  findOpenByIdHash,
  findOutboxItem,
  insertApplication,
  insertApplications,
  insertClerk,
  isUniqueViolation,
  listJournal,
  markRejected,
  markSent,
  nextJournalNumber,
  oldestPending,
  openDatabase,
  pendingBatch,
  procedures,
  recordFailure,
  transitionApplication,
  type ApplicationRow,
  type ApplicationState,
  type JournalFilter,
  type NewApplication,
  type Procedure,
  NOT_YET_STAMPED,
} from '../../db';

let dir: string;
let file: string;
let db: Knex;
let closed: boolean;

const cipher = createFieldCipher(Buffer.alloc(32, 0x5a));
const CLERKS = ['clerk-anna', 'clerk-boris', 'clerk-vera'] as const;
const OFFICE = 'MN-01';
const T0 = '2026-03-02T09:00:00.000Z';
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okno-apps-'));
  file = join(dir, 'okno.sqlite');
  const result = await openDatabase({
    file,
    backupsDir: join(dir, 'backups'),
    log: silentLogger,
  });
  if (!result.ok) throw new Error(result.error.message);
  db = result.db;
  closed = false;
  for (const [i, id] of CLERKS.entries()) {
    await insertClerk(db, {
      id,
      login: id,
      fullName: `Клерк ${i}`,
      role: 'clerk',
      passwordHash: 'x',
      disabled: false,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: T0,
      updatedAt: T0,
      lastLoginAt: null,
    });
  }
});

afterEach(async () => {
  if (!closed) await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

function application(n: number, overrides: Partial<NewApplication> = {}): NewApplication {
  const id = overrides.id ?? ID(n);
  const idNumber = `3${String(n).padStart(6, '0')}A001PB${n % 10}`;
  return {
    id,
    officeCode: OFFICE,
    journalYear: 2026,
    journalSeq: n,
    journalNo: `2026/${String(n).padStart(6, '0')}`,
    procedure: 'issue',
    state: 'draft',
    clerkId: CLERKS[0],
    workstationId: 'ws-1',
    createdAt: T0,
    ...NOT_YET_STAMPED,
    updatedAt: T0,
    idHash: cipher.hash('id', idNumber),
    phoneHash: cipher.hash('phone', `+37529${String(n).padStart(7, '0')}`),
    idMasked: `${idNumber.slice(0, 7)}*******`,
    personal: cipher.encrypt(JSON.stringify({ surname: 'Иванова', idNumber }), id),
    purgedAt: null,
    phoneConfirmation: 'sms_code',
    phoneDeferredReason: null,
    registryUnchecked: false,
    refusalReasons: null,
    rejectionProblems: null,
    temporaryPasswordSent: null,
    ...overrides,
  };
}

/** Inserts through the real path: number taken and row written in one transaction. */
async function createNumbered(officeCode: string, year: number, n: number, createdAt = T0): Promise<ApplicationRow> {
  return db.transaction(async (trx) => {
    const { seq, journalNo } = await nextJournalNumber(trx, officeCode, '3', year);
    return insertApplication(
      trx,
      application(n, {
        officeCode,
        journalYear: year,
        journalSeq: seq,
        journalNo,
        workstationId: '3',
        createdAt,
      }),
    );
  });
}

describe('applications: rows and constraints', () => {
  it('round-trips every field, with booleans, JSON arrays and the blob', async () => {
    const row = application(1, {
      state: 'refused',
      printedAt: '2026-03-02T09:05:00.000Z',
      signedAt: '2026-03-02T09:06:00.000Z',
      sentAt: '2026-03-02T09:07:00.000Z',
      decidedAt: '2026-03-02T09:08:00.000Z',
      refusalReasons: ['PHONE_IN_USE', 'UID_EXISTS'],
      rejectionProblems: [{ field: 'phone', code: 'format' }],
      temporaryPasswordSent: false,
      phoneConfirmation: 'deferred',
      phoneDeferredReason: 'registry_unreachable',
      registryUnchecked: true,
    });
    expect(await insertApplication(db, row)).toEqual({ ...row, version: 1 });
    const found = await findApplication(db, row.id);
    expect(found).toEqual({ ...row, version: 1 });
    expect(found?.personal && JSON.parse(cipher.decrypt(found.personal, row.id).toString('utf8'))).toMatchObject({ surname: 'Иванова' });
    expect(await findApplication(db, ID(2))).toBeNull();
    await insertApplication(db, application(2, { temporaryPasswordSent: true }));
    expect((await findApplication(db, ID(2)))?.temporaryPasswordSent).toBe(true);
  });

  it('refuses a second row with the same journal number in the same office (but not in another office)', async () => {
    await insertApplication(db, application(1));
    const error: unknown = await insertApplication(db, application(2, { journalSeq: 1, journalNo: '2026/000001' })).catch(
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
    await insertApplication(
      db,
      application(3, {
        officeCode: 'GR-02',
        journalSeq: 1,
        journalNo: '2026/000001',
      }),
    );
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown procedure', { procedure: 'renew' }],
    ['an unknown state', { state: 'lost' }],
    ['an unknown phone confirmation', { phone_confirmation: 'email' }],
    ['a journal number out of format', { journal_no: '2026/1' }],
    ['a journal number of another seq', { journal_no: '2026/000002' }],
    ['a zero seq', { journal_seq: 0, journal_no: '2026/000000' }],
    ['personal removed without a purge date', { personal: null }],
    ['a purge date while personal data remain', { purged_at: T0 }],
    ['a non-hex id hash', { id_hash: 'Z'.repeat(64) }],
    ['a short phone hash', { phone_hash: 'abc' }],
    ['a local created_at', { created_at: '2026-03-02 09:00:00' }],
    ['refusal reasons that are not a JSON array', { refusal_reasons: '{"a":1}' }],
    ['a boolean outside 0/1', { temporary_password_sent: 2 }],
    ['an unknown clerk', { clerk_id: 'nobody' }],
    ['a text version', { version: 'one' }],
  ])('refuses %s', async (_name, change) => {
    await insertApplication(db, application(1));
    await expect(db('applications').where('id', ID(1)).update(change)).rejects.toThrow(/constraint|cannot store/i);
  });

  it('bulk-inserts in chunks of at most 500 rows, all or nothing', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => application(i + 1));
    const broken = [...rows.slice(0, 1100), { ...application(1101), journalSeq: 5, journalNo: '2026/000005' }];
    await expect(insertApplications(db, broken)).rejects.toThrow(/UNIQUE/);
    expect(await db('applications').count({ n: '*' })).toEqual([{ n: 0 }]);
    await insertApplications(db, rows);
    expect(await db('applications').count({ n: '*' })).toEqual([{ n: 1234 }]);
    expect(await findApplication(db, ID(1234))).toEqual({
      ...rows[1233],
      version: 1,
    });
  });

  it('accepts a purge only when nothing leading to the person is left: data, hashes and mask go together', async () => {
    await insertApplication(db, application(1));
    const half = db('applications').where('id', ID(1)).update({ personal: null, purged_at: T0 });
    await expect(half).rejects.toThrow(/CHECK constraint failed/);
    await db('applications').where('id', ID(1)).update({
      personal: null,
      purged_at: T0,
      id_hash: null,
      phone_hash: null,
      id_masked: '',
    });
    expect(await findApplication(db, ID(1))).toMatchObject({
      personal: null,
      purgedAt: T0,
      idHash: null,
      phoneHash: null,
      idMasked: '',
    });
  });

  it('refuses a row that holds data without its lookup hash', async () => {
    await insertApplication(db, application(1));
    await expect(db('applications').where('id', ID(1)).update({ id_hash: null })).rejects.toThrow(/CHECK constraint failed/);
  });
});

describe('nextJournalNumber', () => {
  it('refuses to run outside a transaction', async () => {
    await expect(nextJournalNumber(db, OFFICE, '3', 2026)).rejects.toThrow(/inside the transaction/);
  });

  it('numbers 200 concurrent creations uniquely and without gaps, rolled-back ones included', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        db.transaction(async (trx) => {
          const { seq, journalNo } = await nextJournalNumber(trx, OFFICE, '3', 2026);
          await insertApplication(
            trx,
            application(i + 1, {
              journalSeq: seq,
              journalNo,
              workstationId: '3',
            }),
          );
          // Every 9th use case fails after taking its number: the number must go back.
          if (i % 9 === 0) throw new Error('use case failed');
          return seq;
        }),
      ),
    );
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    expect(failed).toBe(23);
    const rows: { journal_seq: number; journal_no: string }[] = await db('applications')
      .select('journal_seq', 'journal_no')
      .orderBy('journal_seq');
    expect(rows.map((r) => r.journal_seq)).toEqual(Array.from({ length: 177 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.journal_no)).size).toBe(177);
    expect(rows[176]?.journal_no).toBe('2026/03-000177');
    expect(await currentJournalSeq(db, OFFICE, 2026)).toBe(177);
  });

  it('keeps separate counters per office and per year', async () => {
    const cases: [string, number, string][] = [
      ['MN-01', 2026, '2026/03-000001'],
      ['MN-01', 2026, '2026/03-000002'],
      ['GR-02', 2026, '2026/03-000001'],
      ['MN-01', 2027, '2027/03-000001'],
      ['GR-02', 2026, '2026/03-000002'],
      ['MN-01', 2026, '2026/03-000003'],
      ['MN-01', 2027, '2027/03-000002'],
    ];
    let n = 0;
    for (const [office, year, expected] of cases) expect((await createNumbered(office, year, ++n)).journalNo).toBe(expected);
    expect(await currentJournalSeq(db, 'MN-01', 2026)).toBe(3);
    expect(await currentJournalSeq(db, 'GR-02', 2026)).toBe(2);
    expect(await currentJournalSeq(db, 'MN-01', 2027)).toBe(2);
    expect(await currentJournalSeq(db, 'GR-02', 2027)).toBeNull();
  });
});

describe('transitionApplication', () => {
  const AT = '2026-03-02T10:00:00.000Z';

  it.each<[ApplicationState, ApplicationState, keyof ApplicationRow | null]>([
    ['draft', 'draft', null],
    ['draft', 'awaiting_signature', 'printedAt'],
    ['awaiting_signature', 'queued', 'signedAt'],
    ['queued', 'sent', 'sentAt'],
    ['sent', 'approved', 'decidedAt'],
    ['sent', 'refused', 'decidedAt'],
    ['awaiting_signature', 'cancelled', 'cancelledAt'],
    ['queued', 'rejected', 'rejectedAt'],
  ])('%s → %s stamps %s, updated_at and version', async (from, to, column) => {
    const before = await insertApplication(db, application(1, { state: from }));
    const after = await transitionApplication(db, ID(1), {
      from: [from],
      to,
      at: AT,
    });
    const expected: ApplicationRow = {
      ...before,
      state: to,
      updatedAt: AT,
      version: 2,
    };
    if (column) Object.assign(expected, { [column]: AT });
    expect(after).toEqual(expected);
    expect(await findApplication(db, ID(1))).toEqual(expected);
  });

  it('applies a patch in the same update', async () => {
    await insertApplication(db, application(1, { state: 'sent' }));
    const after = await transitionApplication(db, ID(1), {
      from: ['sent'],
      to: 'refused',
      at: AT,
      patch: { refusalReasons: ['PHONE_IN_USE'], temporaryPasswordSent: false },
    });
    expect(after).toMatchObject({
      state: 'refused',
      decidedAt: AT,
      refusalReasons: ['PHONE_IN_USE'],
      temporaryPasswordSent: false,
    });
    const again = await transitionApplication(db, ID(1), {
      from: ['refused'],
      to: 'refused',
      at: '2026-03-02T11:00:00.000Z',
    });
    expect(again).toMatchObject({
      version: 3,
      decidedAt: '2026-03-02T11:00:00.000Z',
      refusalReasons: ['PHONE_IN_USE'],
    });
  });

  it.each<[string, ApplicationState, ApplicationState[]]>([
    ['a stale from', 'queued', ['draft', 'awaiting_signature']],
    ['a decided row', 'approved', ['sent']],
    ['an empty from', 'draft', []],
  ])('returns null and changes nothing for %s', async (_name, state, from) => {
    const before = await insertApplication(db, application(1, { state }));
    expect(
      await transitionApplication(db, ID(1), {
        from,
        to: 'cancelled',
        at: AT,
        patch: { refusalReasons: ['X'] },
      }),
    ).toBeNull();
    expect(await findApplication(db, ID(1))).toEqual(before);
  });

  it('returns null for a missing application', async () => {
    expect(
      await transitionApplication(db, ID(9), {
        from: ['draft'],
        to: 'cancelled',
        at: AT,
      }),
    ).toBeNull();
  });

  it('lets only one of two racing transitions win', async () => {
    await insertApplication(db, application(1, { state: 'awaiting_signature' }));
    const [a, b] = await Promise.all([
      transitionApplication(db, ID(1), {
        from: ['awaiting_signature'],
        to: 'queued',
        at: AT,
      }),
      transitionApplication(db, ID(1), {
        from: ['awaiting_signature'],
        to: 'cancelled',
        at: AT,
      }),
    ]);
    expect([a?.state ?? null, b?.state ?? null]).toEqual(['queued', null]);
    expect(await findApplication(db, ID(1))).toMatchObject({
      state: 'queued',
      version: 2,
      cancelledAt: null,
    });
  });
});

describe('decideMany (a page of decisions in one statement)', () => {
  const AT = '2026-03-02T10:00:00.000Z';
  it('moves only rows still sent, each with its own patch, keeps what a move does not give, and returns the moved ids', async () => {
    const blob = Buffer.from('new personal blob');
    await insertApplication(db, application(1, { state: 'sent' }));
    await insertApplication(db, application(2, { state: 'sent', temporaryPasswordSent: null }));
    const decided = await insertApplication(db, application(3, { state: 'approved' }));
    const before2 = await findApplication(db, ID(2));
    const moved = await decideMany(
      db,
      [
        {
          id: ID(1),
          to: 'approved',
          personal: blob,
          temporaryPasswordSent: true,
        },
        {
          id: ID(2),
          to: 'refused',
          refusalReasons: ['PHONE_IN_USE', 'SOMETHING_NEW'],
        },
        { id: ID(3), to: 'refused', refusalReasons: ['X'] },
        { id: ID(9), to: 'approved' },
      ],
      AT,
    );
    expect([...moved].sort()).toEqual([ID(1), ID(2)]);
    expect(await findApplication(db, ID(1))).toMatchObject({
      state: 'approved',
      decidedAt: AT,
      updatedAt: AT,
      personal: blob,
      temporaryPasswordSent: true,
      version: 2,
    });
    expect(await findApplication(db, ID(2))).toMatchObject({
      state: 'refused',
      decidedAt: AT,
      refusalReasons: ['PHONE_IN_USE', 'SOMETHING_NEW'],
      temporaryPasswordSent: null,
      personal: before2?.personal,
      version: 2,
    });
    expect(await findApplication(db, ID(3))).toEqual(decided);
  });

  it('refuses the same application twice in one call', async () => {
    await insertApplication(db, application(1, { state: 'sent' }));
    await expect(
      decideMany(
        db,
        [
          { id: ID(1), to: 'approved' },
          { id: ID(1), to: 'refused' },
        ],
        AT,
      ),
    ).rejects.toThrow(/twice/);
    expect(await findApplication(db, ID(1))).toMatchObject({
      state: 'sent',
      version: 1,
    });
  });
});

describe('lookups by keyed hash', () => {
  it('finds open and approved applications of one person and procedure, newest first', async () => {
    const person = cipher.hash('id', '3270287A001PB5');
    const other = cipher.hash('id', '4010190B002PB1');
    const seed: [number, string, Procedure, ApplicationState, string][] = [
      [1, person, 'issue', 'approved', '2025-01-10T09:00:00.000Z'],
      [2, person, 'issue', 'refused', '2025-01-11T09:00:00.000Z'],
      [3, person, 'change_phone', 'draft', '2026-03-01T09:00:00.000Z'],
      [4, person, 'change_phone', 'sent', '2026-03-02T09:00:00.000Z'],
      [5, person, 'change_phone', 'cancelled', '2026-03-02T10:00:00.000Z'],
      [6, person, 'change_phone', 'approved', '2025-06-01T09:00:00.000Z'],
      [7, other, 'change_phone', 'queued', '2026-03-02T09:00:00.000Z'],
      [8, person, 'issue', 'approved', '2025-02-10T09:00:00.000Z'],
    ];
    for (const [n, idHash, procedure, state, createdAt] of seed) {
      await insertApplication(db, application(n, { idHash, procedure, state, createdAt }));
    }
    const ids = (rows: ApplicationRow[]) => rows.map((r) => r.id);
    expect(ids(await findOpenByIdHash(db, person, 'change_phone'))).toEqual([ID(4), ID(3)]);
    expect(ids(await findOpenByIdHash(db, person, 'issue'))).toEqual([]);
    expect(ids(await findApprovedByIdHash(db, person, 'issue'))).toEqual([ID(8), ID(1)]);
    expect(ids(await findApprovedByIdHash(db, person, 'change_phone'))).toEqual([ID(6)]);
    expect(ids(await findOpenByIdHash(db, other, 'change_phone'))).toEqual([ID(7)]);
    expect(ids(await findApprovedByIdHash(db, cipher.hash('phone', '3270287A001PB5'), 'issue'))).toEqual([]);
  });

  it('finds applications by phone hash', async () => {
    const phone = cipher.hash('phone', '+375291112233');
    await insertApplication(
      db,
      application(1, {
        phoneHash: phone,
        createdAt: '2026-01-01T09:00:00.000Z',
      }),
    );
    await insertApplication(db, application(2, { phoneHash: null }));
    await insertApplication(
      db,
      application(3, {
        phoneHash: phone,
        createdAt: '2026-02-01T09:00:00.000Z',
      }),
    );
    expect((await findByPhoneHash(db, phone)).map((r) => r.id)).toEqual([ID(3), ID(1)]);
  });
});

/** 150 rows over 10 days, with deliberate ties on created_at (the id breaks them). */
async function seedJournal(): Promise<ApplicationRow[]> {
  const rows: ApplicationRow[] = [];
  for (let n = 1; n <= 150; n++) {
    const day = 1 + (n % 10);
    const minute = (n * 7) % 30; // collisions within a day give equal created_at values
    const createdAt = `2026-03-${String(day).padStart(2, '0')}T09:${String(minute).padStart(2, '0')}:00.000Z`;
    const row = application(n, {
      createdAt,
      procedure: procedures[n % procedures.length] ?? 'issue',
      state: applicationStates[(n * 3) % applicationStates.length] ?? 'draft',
      clerkId: CLERKS[n % CLERKS.length] ?? CLERKS[0],
      idHash: cipher.hash('id', `person-${n % 13}`),
    });
    rows.push(await insertApplication(db, row));
  }
  return rows;
}

function reference(all: ApplicationRow[], filter: Omit<JournalFilter, 'limit' | 'cursor'>): string[] {
  return all
    .filter(
      (r) =>
        r.createdAt >= filter.from &&
        r.createdAt < filter.to &&
        (filter.procedure === undefined || r.procedure === filter.procedure) &&
        (filter.state === undefined || r.state === filter.state) &&
        (filter.clerkId === undefined || r.clerkId === filter.clerkId) &&
        (filter.idHash === undefined || r.idHash === filter.idHash),
    )
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    .map((r) => r.id);
}

async function walk(filter: JournalFilter): Promise<string[]> {
  const seen: string[] = [];
  let cursor = filter.cursor;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listJournal(db, {
      ...filter,
      ...(cursor ? { cursor } : {}),
    });
    expect(page.rows.length).toBeLessThanOrEqual(filter.limit);
    seen.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('listJournal', () => {
  const ALL = {
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-04-01T00:00:00.000Z',
  };
  const filters: [string, Omit<JournalFilter, 'limit' | 'cursor'>][] = [
    ['everything', ALL],
    ['a half-open range', { from: '2026-03-03T00:00:00.000Z', to: '2026-03-05T09:14:00.000Z' }],
    ['a procedure', { ...ALL, procedure: 'change_phone' }],
    ['a state', { ...ALL, state: 'queued' }],
    ['a clerk', { ...ALL, clerkId: CLERKS[1] }],
    ['a person', { ...ALL, idHash: cipher.hash('id', 'person-4') }],
    ['procedure + state + clerk', { ...ALL, procedure: 'issue', state: 'approved', clerkId: CLERKS[2] }],
    ['an empty range', { from: '2026-03-20T00:00:00.000Z', to: '2026-03-21T00:00:00.000Z' }],
  ];

  it.each(filters)('filters by %s, newest first', async (_name, filter) => {
    const all = await seedJournal();
    const expected = reference(all, filter);
    const page = await listJournal(db, { ...filter, limit: 500 });
    expect(page.rows.map((r) => r.id)).toEqual(expected);
    expect(page.nextCursor).toBeNull();
    if (filter === ALL) expect(expected).toHaveLength(150);
  });

  it.each([1, 7, 50])('walks every row exactly once, in order, %i per page', async (limit) => {
    const all = await seedJournal();
    for (const [, filter] of filters) expect(await walk({ ...filter, limit })).toEqual(reference(all, filter));
  });

  it('says there is no next page when the last page is exactly full', async () => {
    const all = await seedJournal();
    const page = await listJournal(db, { ...ALL, limit: all.length });
    expect(page.rows).toHaveLength(150);
    expect(page.nextCursor).toBeNull();
  });

  it('does not repeat or skip rows when newer rows arrive between pages', async () => {
    const all = await seedJournal();
    const first = await listJournal(db, { ...ALL, limit: 20 });
    await insertApplication(db, application(999, { createdAt: '2026-03-31T09:00:00.000Z' }));
    const rest = await walk({
      ...ALL,
      limit: 20,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect([...first.rows.map((r) => r.id), ...rest]).toEqual(reference(all, ALL));
  });

  it('treats a cursor at or after the end of the range as the start', async () => {
    const all = await seedJournal();
    const filter = {
      from: '2026-03-03T00:00:00.000Z',
      to: '2026-03-05T00:00:00.000Z',
    };
    const page = await listJournal(db, {
      ...filter,
      limit: 500,
      cursor: { createdAt: '2026-03-09T00:00:00.000Z', id: ID(1) },
    });
    expect(page.rows.map((r) => r.id)).toEqual(reference(all, filter));
  });

  it('refuses a limit below 1', async () => {
    await expect(listJournal(db, { ...ALL, limit: 0 })).rejects.toThrow(RangeError);
  });
});

/** The SQL a repository call actually runs, captured from knex, then explained. */
async function plansOf(call: () => Promise<unknown>): Promise<string[][]> {
  const statements: { sql: string; bindings: readonly unknown[] }[] = [];
  const listener = (q: { sql: string; bindings?: readonly unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.on('query', listener);
  try {
    await call();
  } finally {
    db.off('query', listener);
  }
  const plans: string[][] = [];
  for (const s of statements) {
    const rows: unknown = await db.raw(`EXPLAIN QUERY PLAN ${s.sql}`, s.bindings as Knex.ValueDict[]);
    plans.push(
      (Array.isArray(rows) ? rows : []).map((r: unknown) => (typeof r === 'object' && r !== null && 'detail' in r ? String(r.detail) : '')),
    );
  }
  return plans;
}

describe('query plans (must stay index-driven with 1,000,000 rows)', () => {
  const RANGE = {
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-03-31T00:00:00.000Z',
    limit: 50,
  };
  const CURSOR = {
    cursor: { createdAt: '2026-03-10T09:00:00.000Z', id: ID(5) },
  };

  it.each<[string, Partial<JournalFilter>, string]>([
    ['unfiltered', {}, 'applications_journal'],
    ['unfiltered, next page', CURSOR, 'applications_journal'],
    ['by procedure', { procedure: 'issue' }, 'applications_procedure'],
    ['by procedure, next page', { procedure: 'issue', ...CURSOR }, 'applications_procedure'],
    ['by state', { state: 'queued' }, 'applications_state'],
    ['by state, next page', { state: 'queued', ...CURSOR }, 'applications_state'],
    ['by clerk', { clerkId: CLERKS[0] }, 'applications_clerk'],
    ['by clerk, next page', { clerkId: CLERKS[0], ...CURSOR }, 'applications_clerk'],
  ])('journal %s: walks its index in order, no temp B-tree', async (_name, extra, index) => {
    await seedJournal();
    const [plan] = await plansOf(() => listJournal(db, { ...RANGE, ...extra }));
    const text = (plan ?? []).join('\n');
    expect(text).toContain(`USING INDEX ${index}`);
    // A next page starts at the cursor in the index, not at the top of the range.
    if (extra.cursor) expect(text).toContain('(created_at,id)<(?,?)');
    expect(text).not.toMatch(/TEMP B-TREE/);
    expect(text).not.toMatch(/^SCAN applications$/m);
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'open by id hash',
      () => findOpenByIdHash(db, 'a'.repeat(64), 'issue'),
      // No state in the index (migration 0013): a person's few rows are read and filtered.
      'applications_id_hash (id_hash=? AND procedure=?)',
    ],
    ['approved by id hash', () => findApprovedByIdHash(db, 'a'.repeat(64), 'issue'), 'applications_id_hash (id_hash=? AND procedure=?)'],
    ['by phone hash', () => findByPhoneHash(db, 'a'.repeat(64)), 'applications_phone_hash (phone_hash=?)'],
    ['journal by person', () => listJournal(db, { ...RANGE, idHash: 'a'.repeat(64) }), 'applications_id_hash (id_hash=?)'],
    [
      'journal by person and procedure, next page',
      () =>
        listJournal(db, {
          ...RANGE,
          ...CURSOR,
          idHash: 'a'.repeat(64),
          procedure: 'issue',
        }),
      'applications_id_hash (id_hash=? AND procedure=?)',
    ],
    [
      'journal by person, state and clerk',
      () =>
        listJournal(db, {
          ...RANGE,
          idHash: 'a'.repeat(64),
          state: 'sent',
          clerkId: CLERKS[1],
        }),
      'applications_id_hash (id_hash=?)',
    ],
    ['outbox batch', () => pendingBatch(db, T0, 100), 'outbox_due (state=? AND next_attempt_at<?)'],
    [
      'outbox batch, the drain’s next page',
      () => pendingBatch(db, T0, 500, { enqueuedAt: T0, applicationId: ID(1) }),
      'outbox_sending (state=? AND (enqueued_at,application_id)>(?,?))',
    ],
    ['an application’s history', () => db('audit_log').where('subject', ID(1)).orderBy('seq'), 'audit_log_subject (subject=?)'],
  ])('%s goes through its index', async (_name, call, expected) => {
    const [plan] = await plansOf(call);
    expect((plan ?? []).join('\n')).toContain(`USING INDEX ${expected}`);
  });
});

describe('outbox', () => {
  async function queued(n: number, enqueuedAt: string): Promise<void> {
    await insertApplication(db, application(n, { state: 'queued' }));
    await enqueue(db, ID(n), enqueuedAt);
  }

  it('hands out due items oldest first, in batches', async () => {
    await queued(1, '2026-03-02T09:03:00.000Z');
    await queued(2, '2026-03-02T09:01:00.000Z');
    await queued(3, '2026-03-02T09:02:00.000Z');
    await queued(4, '2026-03-02T09:04:00.000Z');
    await recordFailure(db, ID(2), {
      at: '2026-03-02T09:05:00.000Z',
      error: 'HTTP 503',
      nextAttemptAt: '2026-03-02T09:10:00.000Z',
    });

    const now = '2026-03-02T09:06:00.000Z';
    expect((await pendingBatch(db, now, 10)).map((i) => i.applicationId)).toEqual([ID(3), ID(1), ID(4)]);
    expect((await pendingBatch(db, now, 2)).map((i) => i.applicationId)).toEqual([ID(3), ID(1)]);
    expect((await pendingBatch(db, '2026-03-02T09:10:00.000Z', 10)).map((i) => i.applicationId)).toEqual([ID(2), ID(3), ID(1), ID(4)]);
    // The next page starts after the last item of the one before (keyset), not-yet-due items skipped.
    const after = {
      enqueuedAt: '2026-03-02T09:02:00.000Z',
      applicationId: ID(3),
    };
    expect((await pendingBatch(db, now, 10, after)).map((i) => i.applicationId)).toEqual([ID(1), ID(4)]);
    expect((await pendingBatch(db, now, 10, { ...after, applicationId: ID(0) })).map((i) => i.applicationId)).toEqual([
      ID(3),
      ID(1),
      ID(4),
    ]);
    expect(await countPending(db)).toBe(4);
    expect((await oldestPending(db))?.applicationId).toBe(ID(2));
    expect(await findOutboxItem(db, ID(2))).toEqual({
      applicationId: ID(2),
      enqueuedAt: '2026-03-02T09:01:00.000Z',
      attempts: 1,
      nextAttemptAt: '2026-03-02T09:10:00.000Z',
      lastError: 'HTTP 503',
      lastAttemptAt: '2026-03-02T09:05:00.000Z',
      state: 'pending',
      deskFields: null,
    });
  });

  it('settles items once: sent and rejected are final', async () => {
    await queued(1, '2026-03-02T09:01:00.000Z');
    await queued(2, '2026-03-02T09:02:00.000Z');
    const at = '2026-03-02T09:05:00.000Z';
    expect(await markSent(db, ID(1), at)).toBe(true);
    expect(await markRejected(db, ID(2), { at, error: 'HTTP 422' })).toBe(true);
    // A late answer for a settled item changes nothing.
    expect(await markSent(db, ID(2), at)).toBe(false);
    expect(await markRejected(db, ID(1), { at, error: 'HTTP 422' })).toBe(false);
    expect(
      await recordFailure(db, ID(1), {
        at,
        error: 'timeout',
        nextAttemptAt: at,
      }),
    ).toBe(false);
    expect(await markSent(db, ID(9), at)).toBe(false);
    expect(await findOutboxItem(db, ID(1))).toMatchObject({
      state: 'sent',
      attempts: 1,
      lastError: null,
      lastAttemptAt: at,
    });
    expect(await findOutboxItem(db, ID(2))).toMatchObject({
      state: 'rejected',
      attempts: 1,
      lastError: 'HTTP 422',
    });
    expect(await countPending(db)).toBe(0);
    expect(await oldestPending(db)).toBeNull();
    expect(await pendingBatch(db, '2030-01-01T00:00:00.000Z', 10)).toEqual([]);
  });

  it('refuses an unknown application and a second enqueue', async () => {
    await expect(enqueue(db, ID(1), T0)).rejects.toThrow(/FOREIGN KEY/);
    await queued(1, T0);
    const error: unknown = await enqueue(db, ID(1), T0).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('commits application, outbox and audit rows together or not at all', async () => {
    const signAndQueue = (fail: boolean) =>
      db.transaction(async (trx) => {
        await transitionApplication(trx, ID(1), {
          from: ['awaiting_signature'],
          to: 'queued',
          at: T0,
        });
        await enqueue(trx, ID(1), T0);
        await appendAudit(trx, {
          at: T0,
          actorId: CLERKS[0],
          actorLogin: CLERKS[0],
          action: 'settings.updated',
          subject: ID(1),
          details: {},
        });
        if (fail) throw new Error('printer jammed');
      });
    await insertApplication(db, application(1, { state: 'awaiting_signature' }));
    await expect(signAndQueue(true)).rejects.toThrow('printer jammed');
    expect(await findApplication(db, ID(1))).toMatchObject({
      state: 'awaiting_signature',
      version: 1,
    });
    expect(await countPending(db)).toBe(0);
    expect(await db('audit_log').where('subject', ID(1)).count({ n: '*' })).toEqual([{ n: 0 }]);
    await signAndQueue(false);
    expect(await findApplication(db, ID(1))).toMatchObject({
      state: 'queued',
      version: 2,
    });
    expect(await countPending(db)).toBe(1);
  });
});

describe('personal data at rest', () => {
  const SURNAME = 'Грушевская';
  const ID_NUMBER = '3270287A001PB5';

  function fileContains(path: string, needle: string): boolean {
    return existsSync(path) && readFileSync(path).includes(Buffer.from(needle, 'utf8'));
  }

  it('never writes the surname or the id number in clear: neither to the file nor to the WAL', async () => {
    const personal = JSON.stringify({
      surname: SURNAME,
      givenNames: 'Алеся',
      patronymic: 'Игоревна',
      idNumber: ID_NUMBER,
    });
    await insertApplication(
      db,
      application(1, {
        idHash: cipher.hash('id', ID_NUMBER),
        idMasked: '3270287*******',
        personal: cipher.encrypt(personal, ID(1)),
      }),
    );
    // Control: the check can see clear text when it is there (a clerk's name, written in clear).
    await db('clerks').where('id', CLERKS[0]).update({ full_name: 'Контрольная Фамилия' });
    expect(fileContains(`${file}-wal`, 'Контрольная Фамилия')).toBe(true);

    for (const path of [file, `${file}-wal`]) {
      expect(fileContains(path, SURNAME)).toBe(false);
      expect(fileContains(path, ID_NUMBER)).toBe(false);
    }
    await closeDatabase(db);
    closed = true;
    // After the checkpoint on close everything is in the main file.
    expect(fileContains(file, 'Контрольная Фамилия')).toBe(true);
    expect(fileContains(file, SURNAME)).toBe(false);
    expect(fileContains(file, ID_NUMBER)).toBe(false);
  });
});
