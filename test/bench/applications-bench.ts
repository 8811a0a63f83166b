/**
 * Application storage benchmarks on a database made by generate-applications.ts. Prints figures
 * and the query plans; asserts nothing. Targets: lookup and first page p95 ≤ 20 ms, create p95
 * ≤ 3 ms with synchronous=FULL (issue 18).
 *
 *   npx tsx test/bench/applications-bench.ts --data-dir DIR [--runs 200]
 *
 * Creates run the app's path (createApplication on the write session) in blocks of 25 alternating
 * with the same work through knex, as create did before issue 18: the ratio beside the create rows
 * is to that.
 * Writes to the database: the "create" runs add their applications and audit rows.
 */
import { uuid7 } from '../../main/services/uuid7';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { auditActions, type AuditAction } from '../../preload/contract/audit';
import { maskIdNumber } from '../../preload/contract/id-number';
import { silentLogger } from '../../main/log';
import { loadOrCreateKey } from '../../main/keys';
import { reportBench, type BenchRow } from './bench-json';
import {
  appendAudit,
  closeDatabase,
  createApplication,
  NOT_YET_STAMPED,
  createFieldCipher,
  findApprovedByIdHash,
  findOpenByIdHash,
  insertApplication,
  listJournal,
  nextJournalNumber,
  openDatabase,
  procedures,
  type CreateRequest,
  type JournalFilter,
  type Procedure,
} from '../../db';
import { keyAuditChain } from '../../main/audit-chain';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};
const DAY_MS = 86_400_000;
const isAuditAction = (value: string): value is AuditAction => (auditActions as readonly string[]).includes(value);

async function measure(runs: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  // A few unmeasured runs: the first query after opening pays for loading the schema.
  for (let i = 0; i < 5; i++) await op(runs + i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await op(i);
    times.push(performance.now() - t0);
  }
  return times;
}

/** The plan of the query an operation runs (its first statement), as one line. */
async function planOf(db: Knex, op: () => Promise<unknown>): Promise<string> {
  let captured: { sql: string; bindings: readonly unknown[] } | null = null;
  const listener = (q: { sql: string; bindings?: readonly unknown[] }) => {
    captured ??= { sql: q.sql, bindings: q.bindings ?? [] };
  };
  db.on('query', listener);
  try {
    await op();
  } finally {
    db.off('query', listener);
  }
  if (!captured) return '(no query)';
  const { sql, bindings } = captured;
  const rows: unknown = await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.ValueDict[]);
  return (Array.isArray(rows) ? rows : [])
    .map((r: unknown) => (typeof r === 'object' && r !== null && 'detail' in r ? String(r.detail) : '?'))
    .join(' | ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, runs: { type: 'string', default: '200' } } });
  const dataDir = values['data-dir'];
  const runs = Number(values.runs);
  if (!dataDir) throw new Error('usage: applications-bench.ts --data-dir DIR [--runs 200]');

  // Opening the file as a start does (integrity and migrations checks), against the whole-file
  // check every start made before issue 18. Once each (the whole check reads every page).
  const openTimed = async (checkWholeUpTo?: number) => {
    const t0 = performance.now();
    const result = await openDatabase({
      file: join(dataDir, 'okno.sqlite'),
      backupsDir: join(dataDir, 'backups'),
      log: silentLogger,
      ...(checkWholeUpTo !== undefined && { checkWholeUpTo }),
    });
    if (!result.ok) throw new Error(result.error.message);
    const ms = performance.now() - t0;
    await closeDatabase(result.db);
    return { ms, whole: result.checkedWhole };
  };
  const wholeOpen = await openTimed(Infinity);
  const startOpen = await openTimed();

  const opened = await openDatabase({ file: join(dataDir, 'okno.sqlite'), backupsDir: join(dataDir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  const { db } = opened;
  const key = await loadOrCreateKey({ dataDir, db });
  if (!key.ok) throw new Error(key.message);
  const cipher = createFieldCipher(key.key);
  // As the app does at start: the audit rows this bench appends join a keyed chain.
  await keyAuditChain(db, key.key, () => new Date());

  const [{ n, maxRowid } = { n: 0, maxRowid: 0 }] = await db('applications').select(
    db.raw('count(*) AS n'),
    db.raw('max(rowid) AS maxRowid'),
  );
  console.log(`database: ${Number(n).toLocaleString('en')} applications`);
  // The clerk and office the generator used (whatever they are called).
  const clerk = await db('clerks').select('id', 'login').orderBy('created_at').first();
  const counter = await db('journal_counters').select('office_code').orderBy('year', 'desc').first();
  if (!clerk || !counter) throw new Error('no clerk or journal in this database: run generate-applications.ts first');
  const clerkId = String(clerk.id);
  const officeCode = String(counter.office_code);

  // People to look up: 3 of 4 are real (random rows), 1 of 4 has never been here.
  const people: { idHash: string; procedure: Procedure }[] = [];
  for (let i = 0; i < runs + 5; i++) {
    if (i % 4 === 3) {
      people.push({ idHash: cipher.hash('id', `3010101A${String(i).padStart(3, '0')}PB0`), procedure: 'issue' });
      continue;
    }
    const row = await db('applications')
      .select('id_hash', 'procedure')
      .where('rowid', '>=', 1 + Math.floor(Math.random() * Number(maxRowid)))
      .first();
    people.push({ idHash: String(row?.id_hash ?? 'x'), procedure: procedures.find((p) => p === row?.procedure) ?? 'issue' });
  }
  const lookup = (i: number) => {
    const who = people[i % people.length] ?? { idHash: 'x', procedure: 'issue' };
    return Promise.all([findOpenByIdHash(db, who.idHash, who.procedure), findApprovedByIdHash(db, who.idHash, who.procedure)]);
  };

  const now = Date.now();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const iso = (t: number) => new Date(t).toISOString();
  const last30 = { from: iso(today - 29 * DAY_MS), to: iso(today + DAY_MS) };
  const pages: [string, Omit<JournalFilter, 'limit'>][] = [
    ['first page, today', { from: iso(today), to: iso(today + DAY_MS) }],
    ['first page, last 30 days, unfiltered', last30],
    ['first page, last 30 days, state=queued', { from: iso(today - 29 * DAY_MS), to: iso(today + DAY_MS), state: 'queued' }],
    ['first page, last 30 days, procedure=block', { from: iso(today - 29 * DAY_MS), to: iso(today + DAY_MS), procedure: 'block' }],
    ['first page, 2 years, state=rejected', { from: iso(today - 730 * DAY_MS), to: iso(today + DAY_MS), state: 'rejected' }],
  ];
  // A deep page: the cursor after 20 pages of the 30-day list.
  let cursor: JournalFilter['cursor'];
  for (let p = 0; p < 20; p++)
    cursor = (await listJournal(db, { ...last30, limit: 50, ...(cursor ? { cursor } : {}) })).nextCursor ?? cursor;
  if (cursor) pages.push(['page 21, last 30 days, unfiltered (cursor)', { ...last30, cursor }]);

  // The application actions are not in the audit vocabulary yet: any action costs the same.
  const wanted: string = 'application.created';
  const action = isAuditAction(wanted) ? wanted : 'settings.updated';
  const year = new Date(now).getUTCFullYear();
  // The app's create (createApplication): duplicate check, number, row and audit entry in one
  // transaction. A new person each time (a duplicate writes nothing).
  const request = (): CreateRequest => {
    const id = uuid7();
    const at = new Date().toISOString();
    const idNumber = '3270287A001PB5';
    // A person never seen before, in this run or an earlier one on the same file.
    const idHash = cipher.hash('id', `${idNumber}#${id}`);
    return {
      idHash,
      procedure: 'issue',
      officeCode,
      workstation: '9',
      year,
      build: ({ seq, journalNo }) => ({
        row: {
          id,
          officeCode,
          journalYear: year,
          journalSeq: seq,
          journalNo,
          procedure: 'issue',
          state: 'draft',
          clerkId,
          workstationId: '9',
          createdAt: at,
          ...NOT_YET_STAMPED,
          updatedAt: at,
          idHash,
          phoneHash: cipher.hash('phone', '+375291234567'),
          idMasked: maskIdNumber(idNumber),
          personal: cipher.encrypt(JSON.stringify({ surname: 'Грушевская', givenNames: 'Алеся', idNumber, phone: '+375291234567' }), id),
          purgedAt: null,
          phoneConfirmation: 'sms_code',
          refusalReasons: null,
          rejectionProblems: null,
          temporaryPasswordSent: null,
        },
        audit: { at, actorId: clerkId, actorLogin: String(clerk.login), action, subject: id, details: { journalNo, procedure: 'issue' } },
      }),
    };
  };
  const create = async () => {
    const outcome = await createApplication(db, request());
    if (!('created' in outcome)) throw new Error('the benchmark person already had an application');
  };
  // The baseline: the same work through knex, as create did before (one statement per knex query).
  const createThroughKnex = async () => {
    const r = request();
    await db.transaction(async (trx) => {
      const open = await findOpenByIdHash(trx, r.idHash, r.procedure);
      const approved = await findApprovedByIdHash(trx, r.idHash, r.procedure);
      if (open.length + approved.length > 0) throw new Error('the benchmark person already had an application');
      const number = await nextJournalNumber(trx, r.officeCode, r.workstation, r.year);
      const { row, audit } = r.build(number);
      await insertApplication(trx, row);
      await appendAudit(trx, audit);
    });
  };

  const results: [string, number[]][] = [];
  results.push(['lookup by id hash (open + approved)', await measure(runs, lookup)]);
  for (const [name, filter] of pages) results.push([name, await measure(runs, () => listJournal(db, { ...filter, limit: 50 }))]);
  // In alternating blocks, so both see the same machine and the same growing file, and neither
  // pays for the other's aftermath (knex's pool and event work after a create, the WAL the other
  // path wrote): strict alternation put half a millisecond of the baseline on the app's p50.
  const creates: number[] = [];
  const knexCreates: number[] = [];
  const BLOCK = 25;
  await measure(runs, async (i) => {
    const app = Math.floor(i / BLOCK) % 2 === 0;
    const t0 = performance.now();
    await (app ? create() : createThroughKnex());
    // measure() warms up with i ≥ runs: those are not counted.
    if (i < runs) (app ? creates : knexCreates).push(performance.now() - t0);
  });
  const sample = pages[0]?.[1];
  const rows = sample ? (await listJournal(db, { ...sample, limit: 50 })).rows.length : 0;
  console.log(`\n(today's first page held ${rows} rows)\nplans:`);
  console.log(`  lookup open:     ${await planOf(db, () => findOpenByIdHash(db, people[0]?.idHash ?? 'x', 'issue'))}`);
  console.log(`  lookup approved: ${await planOf(db, () => findApprovedByIdHash(db, people[0]?.idHash ?? 'x', 'issue'))}`);
  for (const [name, filter] of pages) console.log(`  ${name}: ${await planOf(db, () => listJournal(db, { ...filter, limit: 50 }))}`);
  await closeDatabase(db);
  // Last, as the table all.ts reads: p50 and max beside each p95, the p95 against its target.
  const figures: BenchRow[] = results.flatMap(([name, times]) => [
    { metric: `${name}, p50`, value: quantile(times, 0.5), unit: 'ms' },
    { metric: `${name}, p95`, value: quantile(times, 0.95), unit: 'ms', target: '≤ 20 ms' },
    { metric: `${name}, max`, value: Math.max(...times), unit: 'ms' },
  ]);
  // The app's create against the knex baseline (n = runs/2 each).
  const name = 'create (duplicate check + number + insert + audit, one transaction)';
  figures.push(
    { metric: `${name}, p50`, value: quantile(creates, 0.5), unit: 'ms', baseline: quantile(knexCreates, 0.5) },
    { metric: `${name}, p95`, value: quantile(creates, 0.95), unit: 'ms', target: '≤ 3 ms', baseline: quantile(knexCreates, 0.95) },
    { metric: `${name}, max`, value: Math.max(...creates), unit: 'ms' },
    { metric: 'the same through knex (before issue 18), p50', value: quantile(knexCreates, 0.5), unit: 'ms' },
    { metric: 'the same through knex (before issue 18), p95', value: quantile(knexCreates, 0.95), unit: 'ms' },
  );
  figures.push({
    metric: `open at start (${startOpen.whole ? 'whole file checked' : 'small tables checked, the rest in the background'})`,
    value: startOpen.ms,
    unit: 'ms',
    baseline: wholeOpen.ms,
  });
  figures.push({ metric: 'open with the whole file checked (every start before issue 18)', value: wholeOpen.ms, unit: 'ms' });
  reportBench({ name: 'applications', rows: figures }, `Applications, ${Number(n).toLocaleString('en')} rows (n=${runs} per operation)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // The database is still open (its pool would keep the process alive).
  process.exit(1);
});
