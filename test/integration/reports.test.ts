/**
 * Reports through the real router and a real SQLite file: about two thousand applications over
 * seven weeks around November 2026 (four clerks, every procedure and state, events that fall on a
 * later day, rows right at the Minsk midnight — 23:30 Minsk is 20:30 UTC), plus a few taken today
 * through the router. Every table of the summary, the end-of-day sheet and the CSV are checked
 * against counts the test makes itself from the rows, with its own UTC+3 arithmetic.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applicationStates,
  outcomes,
  procedures,
  type ApplicationState,
  type EndOfDay,
  type Procedure,
  type ReportCsv,
  type ReportSummary,
} from '../../preload/contract';
import { enqueue, formatLegacyJournalNo, insertApplications, listAudit, listClerks, recordFailure, type NewApplication } from '../../db';
import type { HttpClient } from '../harness';
import { APPLICATION } from '../support/channel-inputs';
import { prng } from '../support/prng';
import { DAY, HOUR, isoOf, minskDay, minskDayStart, timeline, type SeededRow } from '../support/report-rows';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

const OFFICE = 'REPORTS-1';
const SECRET_SURNAME = 'Отчётова';
const SECRET_ID = '4150285H123PB2';
/** The app's clock for this file: 8 December 2026, 12:00 in Minsk. */
const NOW = Date.parse('2026-12-08T09:00:00.000Z');
const TODAY = '2026-12-08';

let env: InProcess;
let supervisor: HttpClient;
let clerk: HttpClient;
let admin: HttpClient;
let rows: SeededRow[] = [];
let clerkNames = new Map<string, string>();

/** Older rows are mostly closed by now (a few stay open); the last three days still have work in progress. */
const OLD_MIX: readonly ApplicationState[] = [
  ...Array<ApplicationState>(30).fill('approved'),
  ...Array<ApplicationState>(4).fill('refused'),
  ...Array<ApplicationState>(4).fill('cancelled'),
  ...Array<ApplicationState>(2).fill('rejected'),
  'queued',
  'sent',
];
const RECENT_MIX: readonly ApplicationState[] = [
  'approved',
  'approved',
  'refused',
  'cancelled',
  'rejected',
  'queued',
  'sent',
  'draft',
  'awaiting_signature',
];

/** A row whose timestamps fit its state (test/support/report-rows.ts); 30% still hold personal data. */
function makeRow(random: () => number, createdMs: number, clerkId: string, seq: number, planned: ApplicationState): NewApplication {
  const procedure = procedures[Math.floor(random() * procedures.length)] ?? 'issue';
  const t = timeline(random, createdMs, NOW, planned);
  const id = randomUUID();
  const held = random() < 0.3;
  const cipher = env.app.deps.cipher;
  return {
    id,
    officeCode: OFFICE,
    journalYear: 2026,
    journalSeq: seq,
    journalNo: formatLegacyJournalNo(2026, seq),
    procedure,
    clerkId,
    workstationId: 'ws-1',
    createdAt: isoOf(createdMs),
    ...t,
    idHash: held ? cipher.hash('id', SECRET_ID) : null,
    phoneHash: null,
    idMasked: held ? '4150285*******' : '',
    personal: held ? cipher.encrypt(JSON.stringify({ idNumber: SECRET_ID, person: { surname: SECRET_SURNAME } }), id) : null,
    purgedAt: held ? null : isoOf(Date.parse(t.updatedAt) + DAY),
    phoneConfirmation: 'none',
    refusalReasons: t.state === 'refused' ? ['PHONE_IN_USE'] : null,
    rejectionProblems: null,
    temporaryPasswordSent: null,
  };
}

/** Exact instants at the Minsk midnights around and inside November. */
const BOUNDARY_INSTANTS = [
  '2026-10-31T20:59:59.999Z', // 23:59:59.999 on 31 October: outside November
  '2026-10-31T21:00:00.000Z', // 00:00 on 1 November
  '2026-11-10T20:30:00.000Z', // 23:30 on 10 November
  '2026-11-10T21:00:00.000Z', // 00:00 on 11 November
  '2026-11-15T20:59:59.999Z', // last instant of 15 November
  '2026-11-30T20:59:59.999Z', // last instant of November
  '2026-11-30T21:00:00.000Z', // 1 December
];

async function seed(): Promise<void> {
  const random = prng(20261107);
  for (const [login, fullName] of [
    ['petrova', 'Петрова Анна Сергеевна'],
    ['sidorov', 'Сидоров Олег Петрович'],
  ] as const) {
    const r = await admin.call('clerks.create', { login, fullName, role: 'clerk', password: `${login}-password-1` });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  const accounts = (await listClerks(env.app.deps.db)).filter((c) => c.role !== 'admin');
  clerkNames = new Map(accounts.map((c) => [c.id, c.fullName]));
  const clerkIds = accounts.map((c) => c.id);
  const pickClerk = () => clerkIds[Math.floor(random() * clerkIds.length)] ?? '';

  const news: NewApplication[] = [];
  let seq = 0;
  // 15 October … 8 December (Minsk) up to now, 5–70 a day in office hours, none on Sundays.
  for (let day = Date.parse('2026-10-15T00:00:00Z'); day <= Date.parse(`${TODAY}T00:00:00Z`); day += DAY) {
    const n = new Date(day).getUTCDay() === 0 ? 0 : 5 + Math.floor(random() * 65);
    const times = Array.from({ length: n }, () => day - 3 * HOUR + 8 * HOUR + Math.floor(random() * 10 * HOUR))
      .filter((t) => t < NOW)
      .sort((a, b) => a - b);
    for (const t of times) {
      const mix = NOW - t < 3 * DAY ? RECENT_MIX : OLD_MIX;
      const state = mix[Math.floor(random() * mix.length)] ?? 'approved';
      news.push(makeRow(random, t, pickClerk(), ++seq, state));
    }
  }
  for (const at of BOUNDARY_INSTANTS) {
    for (const state of ['approved', 'queued', 'draft'] as const) news.push(makeRow(random, Date.parse(at), pickClerk(), ++seq, state));
  }
  // A queued application signed at 23:30 on 10 November whose signature counts for the 10th.
  const late = makeRow(random, Date.parse('2026-11-10T20:00:00.000Z'), pickClerk(), ++seq, 'queued');
  news.push({
    ...late,
    printedAt: '2026-11-10T20:10:00.000Z',
    signedAt: '2026-11-10T20:30:00.000Z',
    updatedAt: '2026-11-10T20:30:00.000Z',
  });

  const db = env.app.deps.db;
  await db.transaction(async (trx) => {
    await insertApplications(trx, news);
    // Signed ones are in the outbox: queued still pending (some after failed attempts), the rest settled.
    for (const row of news) {
      if (row.signedAt === null) continue;
      await enqueue(trx, row.id, row.signedAt);
      if (row.state === 'queued' && random() < 0.6) {
        const tries = 1 + Math.floor(random() * 4);
        for (let i = 0; i < tries; i++) {
          await recordFailure(trx, row.id, {
            at: row.signedAt,
            error: 'Реестр недоступен (503).',
            nextAttemptAt: '2026-12-08T09:30:00.000Z',
          });
        }
      } else if (row.state !== 'queued') {
        await trx('outbox')
          .where('application_id', row.id)
          .update({ state: row.state === 'rejected' ? 'rejected' : 'sent', attempts: 1 });
      }
    }
    await trx('journal_counters').insert({ office_code: OFFICE, year: 2026, last_seq: seq });
  });

  // Today (8 December, 12:00 Minsk): three drafts taken through the router, one of them printed.
  for (const procedure of ['block', 'unblock', 'reset_password'] as const) {
    const created = await clerk.call<{ id: string }>('applications.create', { ...APPLICATION, procedure, phone: undefined });
    if (!created.ok) throw new Error(JSON.stringify(created));
    if (procedure === 'block') expect((await clerk.call('applications.markPrinted', { id: created.value.id })).ok).toBe(true);
  }
}

/** Every application as stored, with its outbox figures: what the test counts from. */
async function readRows(): Promise<SeededRow[]> {
  const found: Record<string, string | number | null>[] = await env.app.deps
    .db('applications as a')
    .leftJoin('outbox as o', 'o.application_id', 'a.id')
    .select(
      'a.id',
      'a.journal_no',
      'a.procedure',
      'a.state',
      'a.clerk_id',
      'a.created_at',
      'a.printed_at',
      'a.signed_at',
      'a.sent_at',
      'a.decided_at',
      'a.cancelled_at',
      'a.rejected_at',
      'o.attempts',
      'o.last_error',
    );
  const s = (v: string | number | null | undefined) => (typeof v === 'string' ? v : null);
  return found.map((r) => ({
    id: String(r.id),
    journalNo: String(r.journal_no),
    procedure: String(r.procedure) as Procedure,
    state: String(r.state) as ApplicationState,
    clerkId: String(r.clerk_id),
    createdAt: String(r.created_at),
    printedAt: s(r.printed_at),
    signedAt: s(r.signed_at),
    sentAt: s(r.sent_at),
    decidedAt: s(r.decided_at),
    cancelledAt: s(r.cancelled_at),
    rejectedAt: s(r.rejected_at),
    attempts: typeof r.attempts === 'number' ? r.attempts : 0,
    lastError: s(r.last_error),
  }));
}

const count = <T>(list: readonly T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};

const OUTCOME: Record<ApplicationState, string> = {
  draft: 'in_progress',
  awaiting_signature: 'in_progress',
  queued: 'waiting',
  sent: 'waiting',
  approved: 'approved',
  refused: 'refused',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

beforeAll(async () => {
  env = await startInProcess({ retention: false });
  env.clock.advance(NOW - env.clock.now().getTime());
  const clients = await seedRoles(env);
  ({ supervisor, clerk, admin } = clients);
  await seed();
  rows = await readRows();
}, 60_000);
afterAll(() => env.close());

function expectSummaryMatches(summary: ReportSummary, from: string, to: string) {
  const inPeriod = rows.filter((r) => minskDay(r.createdAt) >= from && minskDay(r.createdAt) <= to);
  expect(summary.from).toBe(from);
  expect(summary.to).toBe(to);
  expect(summary.total).toBe(inPeriod.length);

  const days = count(inPeriod, (r) => minskDay(r.createdAt));
  const expectedDays: { date: string; count: number }[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY) {
    const date = new Date(d).toISOString().slice(0, 10);
    expectedDays.push({ date, count: days.get(date) ?? 0 });
  }
  expect(summary.byDay).toEqual(expectedDays);

  const perProcedure = count(inPeriod, (r) => r.procedure);
  expect(summary.byProcedure).toEqual(procedures.map((procedure) => ({ procedure, count: perProcedure.get(procedure) ?? 0 })));

  const perClerk = count(inPeriod, (r) => r.clerkId);
  expect(new Map(summary.byClerk.map((c) => [c.clerkId, c.count]))).toEqual(perClerk);
  for (const c of summary.byClerk) expect(c.clerkName).toBe(clerkNames.get(c.clerkId));
  const counts = summary.byClerk.map((c) => c.count);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));

  const perOutcome = count(inPeriod, (r) => OUTCOME[r.state]);
  expect(summary.byOutcome).toEqual(outcomes.map((outcome) => ({ outcome, count: perOutcome.get(outcome) ?? 0 })));
  for (const table of [summary.byDay, summary.byProcedure, summary.byClerk, summary.byOutcome]) {
    expect(table.reduce((sum, x) => sum + x.count, 0)).toBe(summary.total);
  }
}

describe('reports.summary', () => {
  it('counts November per Minsk day, procedure, clerk and outcome exactly as the rows say', async () => {
    expect(rows.length).toBeGreaterThan(1000);
    const r = await supervisor.call<ReportSummary>('reports.summary', { from: '2026-11-01', to: '2026-11-30' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expectSummaryMatches(r.value, '2026-11-01', '2026-11-30');
    expect(r.value.byDay).toHaveLength(30);
    expect(r.value.byClerk.length).toBe(4);
    for (const o of r.value.byOutcome) expect(o.count, o.outcome).toBeGreaterThan(0);
    // The midnight rows: 00:00 on 1 November is in, 23:59:59.999 on 31 October and 00:00 on 1 December are not.
    const first = r.value.byDay[0];
    expect(first?.date).toBe('2026-11-01');
  });

  it('puts 23:30 Minsk (20:30 UTC) on that Minsk day and 21:00 UTC on the next', async () => {
    const r10 = await supervisor.call<ReportSummary>('reports.summary', { from: '2026-11-10', to: '2026-11-10' });
    const r11 = await supervisor.call<ReportSummary>('reports.summary', { from: '2026-11-11', to: '2026-11-11' });
    if (!r10.ok || !r11.ok) throw new Error('summary failed');
    expectSummaryMatches(r10.value, '2026-11-10', '2026-11-10');
    expectSummaryMatches(r11.value, '2026-11-11', '2026-11-11');
    const on10 = rows.filter((r) => r.createdAt === '2026-11-10T20:30:00.000Z').length;
    const on11 = rows.filter((r) => r.createdAt === '2026-11-10T21:00:00.000Z').length;
    expect(on10).toBe(3);
    expect(on11).toBe(3);
    // The same three rows would fall on the 10th with UTC days too; 21:00 UTC on the 10th is the 11th only in Minsk.
    const utcDay10 = rows.filter((r) => r.createdAt.startsWith('2026-11-10')).length;
    expect(r10.value.total).not.toBe(utcDay10);
  });

  it('covers periods across months, today and an empty one', async () => {
    for (const [from, to] of [
      ['2026-10-15', '2026-12-31'],
      ['2026-10-31', '2026-11-01'],
      [TODAY, TODAY],
      ['2027-03-01', '2027-03-31'],
    ] as const) {
      const r = await supervisor.call<ReportSummary>('reports.summary', { from, to });
      if (!r.ok) throw new Error(JSON.stringify(r));
      expectSummaryMatches(r.value, from, to);
    }
  });

  it('refuses a reversed period, one over 366 days, and anyone but the supervisor', async () => {
    const reversed = await supervisor.call('reports.summary', { from: '2026-11-30', to: '2026-11-01' });
    expect(reversed).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { to: 'Конец периода раньше начала. Исправьте даты.' } },
    });
    const long = await supervisor.call('reports.summary', { from: '2025-01-01', to: '2026-01-02' });
    expect(long).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!long.ok) expect(long.error.fields?.to).toMatch(/366/);
    const leapYear = await supervisor.call<ReportSummary>('reports.summary', { from: '2024-01-01', to: '2024-12-31' });
    expect(leapYear.ok && leapYear.value.byDay.length).toBe(366);
    for (const caller of [clerk, admin]) {
      for (const channel of ['reports.summary', 'reports.exportCsv'] as const) {
        expect(await caller.call(channel, { from: '2026-11-01', to: '2026-11-30' })).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
      }
      expect(await caller.call('reports.endOfDay', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

/** What the sheet must say for a Minsk day, from the rows. */
function expectedEndOfDay(date: string) {
  const start = minskDayStart(date);
  const end = start + DAY;
  const within = (at: string | null) => at !== null && Date.parse(at) >= start && Date.parse(at) < end;
  const before = (at: string | null) => at !== null && Date.parse(at) < end;
  const waiting = rows
    .filter((r) => before(r.createdAt) && !before(r.decidedAt) && !before(r.cancelledAt) && !before(r.rejectedAt))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  return {
    taken: rows.filter((r) => within(r.createdAt)).length,
    signed: rows.filter((r) => within(r.signedAt)).length,
    sent: rows.filter((r) => within(r.sentAt)).length,
    decided: {
      approved: rows.filter((r) => r.state === 'approved' && within(r.decidedAt)).length,
      refused: rows.filter((r) => r.state === 'refused' && within(r.decidedAt)).length,
    },
    rejected: rows.filter((r) => within(r.rejectedAt)).length,
    cancelled: rows.filter((r) => within(r.cancelledAt)).length,
    waiting: waiting.map((r) => ({
      journalNo: r.journalNo,
      state: before(r.sentAt) ? 'sent' : before(r.signedAt) ? 'queued' : before(r.printedAt) ? 'awaiting_signature' : 'draft',
    })),
  };
}

describe('reports.endOfDay', () => {
  it('counts a past day’s events and lists what was still open at its end, with the reasons', async () => {
    for (const date of ['2026-11-10', '2026-11-16', '2026-11-01']) {
      const r = await supervisor.call<EndOfDay>('reports.endOfDay', { date });
      if (!r.ok) throw new Error(JSON.stringify(r));
      const want = expectedEndOfDay(date);
      const sheet = r.value;
      expect(sheet.date).toBe(date);
      expect({
        taken: sheet.taken,
        signed: sheet.signed,
        sent: sheet.sent,
        decided: sheet.decided,
        rejected: sheet.rejected,
        cancelled: sheet.cancelled,
      }).toEqual({
        taken: want.taken,
        signed: want.signed,
        sent: want.sent,
        decided: want.decided,
        rejected: want.rejected,
        cancelled: want.cancelled,
      });
      expect(sheet.taken, date).toBeGreaterThan(0);
      expect(sheet.waitingTotal).toBe(want.waiting.length);
      expect(new Set(sheet.waiting.map((w) => w.journalNo))).toEqual(new Set(want.waiting.slice(0, 500).map((w) => w.journalNo)));
      const stateOf = new Map(want.waiting.map((w) => [w.journalNo, w.state]));
      for (const w of sheet.waiting) {
        expect(w.state, w.journalNo).toBe(stateOf.get(w.journalNo));
        expect(w.clerkName).not.toBe('—');
        const row = rows.find((x) => x.journalNo === w.journalNo);
        if (w.reasonCode === 'awaiting_decision') expect(w.reason).toMatch(/^Отправлено в реестр .*ждёт решения реестра\.$/);
        if (w.reasonCode === 'draft' || w.reasonCode === 'awaiting_signature') expect(w.reason).toMatch(/^Не подписано/);
        if (w.reasonCode === 'not_sent' && row?.sentAt === null && (row.attempts ?? 0) > 0) {
          const error = row.lastError === null ? '' : `; последняя ошибка: ${row.lastError.replace(/\.$/, '')}`;
          expect(w.reason).toBe(`Не отправлено: нет связи с реестром (попыток: ${row.attempts}${error}).`);
          expect(w.attempts).toBe(row.attempts);
        }
        if (w.reasonCode === 'not_sent' && row?.sentAt) expect(w.reason).toMatch(/^Не отправлено до конца дня; отправлено позже/);
      }
      const codes = new Set(sheet.waiting.map((w) => w.reasonCode));
      expect(codes.size, `${date}: ${[...codes].join(', ')}`).toBeGreaterThan(1);
    }
  });

  it('counts the signature at 23:30 Minsk on 10 November for the 10th', async () => {
    const r10 = await supervisor.call<EndOfDay>('reports.endOfDay', { date: '2026-11-10' });
    if (!r10.ok) throw new Error('failed');
    const signedLate = rows.filter((r) => r.signedAt === '2026-11-10T20:30:00.000Z');
    expect(signedLate).toHaveLength(1);
    expect(r10.value.signed).toBe(expectedEndOfDay('2026-11-10').signed);
    const r11 = await supervisor.call<EndOfDay>('reports.endOfDay', { date: '2026-11-11' });
    if (!r11.ok) throw new Error('failed');
    expect(r11.value.signed).toBe(expectedEndOfDay('2026-11-11').signed);
  });

  it('defaults to today in Minsk: with the router’s three drafts, the office and the supervisor', async () => {
    const r = await supervisor.call<EndOfDay>('reports.endOfDay', {});
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.value.date).toBe(TODAY);
    expect(r.value.generatedBy).toBe('Тестовый supervisor');
    expect(r.value.officeName).toBe(env.app.deps.settings.values().officeName);
    const want = expectedEndOfDay(TODAY);
    expect(r.value.taken).toBe(want.taken);
    expect(r.value.waitingTotal).toBe(want.waiting.length);
    const viaRouter = r.value.waiting.filter((w) => w.createdAt === new Date(NOW).toISOString());
    expect(viaRouter.map((w) => w.reasonCode).sort()).toEqual(['awaiting_signature', 'draft', 'draft']);
    expect(r.value.waiting.map((w) => w.journalNo)).toEqual(want.waiting.slice(0, 500).map((w) => w.journalNo));
    expect(JSON.stringify(r.value)).not.toContain(SECRET_SURNAME);
  });
});

/** RFC 4180 lines (no field here spans lines). */
const csvLines = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(0, -1);

describe('reports.exportCsv', () => {
  it('exports the period’s applications, one line each, without personal data', async () => {
    const r = await supervisor.call<ReportCsv>('reports.exportCsv', { from: '2026-11-01', to: '2026-11-30' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const inPeriod = rows.filter((x) => minskDay(x.createdAt) >= '2026-11-01' && minskDay(x.createdAt) <= '2026-11-30');
    expect(r.value.rows).toBe(inPeriod.length);
    expect(r.value.truncated).toBe(false);
    const lines = csvLines(r.value.csv);
    expect(lines[0]).toBe('Номер в журнале,Процедура,Состояние,Принято,Подписано,Решение реестра,Сотрудник');
    expect(lines).toHaveLength(inPeriod.length + 1);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(inPeriod.map((x) => x.journalNo)));
    // Minsk local times: the 00:00 row of 1 November is there as such.
    expect(r.value.csv).toContain(',2026-11-01 00:00:00,');
    for (const secret of [SECRET_SURNAME, SECRET_ID, '4150285*', APPLICATION.idNumber, APPLICATION.person.surname])
      expect(r.value.csv).not.toContain(secret);
    // Who exported which period is audited.
    const [entry] = (await listAudit(env.app.deps.db, { action: 'report.exported', limit: 1 })).entries;
    expect(entry).toMatchObject({
      actorLogin: 'supervisor',
      details: { kind: 'applications', from: '2026-11-01', to: '2026-11-30', rows: inPeriod.length },
    });
  });

  it('exports the summary tables, whose data lines it counts', async () => {
    const r = await supervisor.call<ReportCsv>('reports.exportCsv', { from: '2026-11-01', to: '2026-11-30', kind: 'summary' });
    const s = await supervisor.call<ReportSummary>('reports.summary', { from: '2026-11-01', to: '2026-11-30' });
    if (!r.ok || !s.ok) throw new Error('failed');
    expect(r.value.rows).toBe(30 + procedures.length + s.value.byClerk.length + outcomes.length);
    const lines = csvLines(r.value.csv);
    expect(lines[1]).toBe(`Всего заявлений,${s.value.total}`);
    for (const d of s.value.byDay) expect(lines).toContain(`${d.date},${d.count}`);
    for (const c of s.value.byClerk) expect(lines).toContain(`${c.clerkName},${c.count}`);
    expect(applicationStates.length).toBe(8);
  });
});
