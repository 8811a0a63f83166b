/**
 * «Отчёты» end to end, in Chromium against the HTTP harness. The harness runs once to make the
 * accounts (an administrator, a supervisor, two operators), stops, and its data folder gets last
 * month's work written straight into the database: about a thousand applications over the month's
 * working days, across the operators, every procedure and state, some still waiting in the outbox
 * after failed attempts. Started again on that folder, the supervisor opens «Отчёты», picks the
 * month and sees the total, the chart, the tables per day, procedure, clerk and outcome — each
 * checked against counts made from the rows read back from the database file — exports the CSV
 * (its lines counted), and prints «Итоги дня» for one day of the month to PDF, whose counts are
 * checked the same way.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import {
  closeDatabase,
  enqueue,
  formatJournalNo,
  insertApplications,
  openDatabase,
  readSettings,
  recordFailure,
  type ApplicationState,
  type NewApplication,
  type Procedure,
} from '../../db';
import { loadOrCreateKey } from '../../main/keys';
import { silentLogger } from '../../main/log';
import { HttpClient, removeDir, startHarness, tempDir } from '../harness';
import { prng } from '../support/prng';
import { DAY, HOUR, isoOf, minskDay, minskDayStart, timeline, type SeededRow } from '../support/report-rows';
import { expect, test } from './fixtures';
import { printSheet } from './print';
import { givenPassword, login, logout, markGiven, openSection, screenshot } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const SUPERVISOR = { login: 'chief', fullName: 'Сидорова Мария Ивановна', password: 'chief-password-1' };
const OPERATORS = [
  { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' },
  { login: 'operator2', fullName: 'Ковальчук Олег Петрович', password: 'clerk-password-2' },
];
const PROCEDURE_LABEL: Record<Procedure, string> = {
  issue: 'Выдача УИ',
  block: 'Блокировка',
  unblock: 'Разблокировка',
  change_phone: 'Смена телефона',
  reset_password: 'Новый пароль',
};
const OUTCOME_OF: Record<ApplicationState, string> = {
  draft: 'В работе (не подписано)',
  awaiting_signature: 'В работе (не подписано)',
  queued: 'Ждёт отправки или решения',
  sent: 'Ждёт отправки или решения',
  approved: 'Одобрено',
  refused: 'Отказано',
  rejected: 'Отклонено реестром',
  cancelled: 'Отменено',
};
const MIX: readonly ApplicationState[] = [
  ...Array<ApplicationState>(12).fill('approved'),
  'refused',
  'refused',
  'cancelled',
  'cancelled',
  'rejected',
  'queued',
  'queued',
  'sent',
  'draft',
  'awaiting_signature',
];

const ddmmyyyy = (date: string) => date.split('-').reverse().join('.');

/** Last month on the Minsk calendar: its first and last day. */
function lastMonth(now: number): { from: string; to: string; days: string[] } {
  const today = minskDay(isoOf(now));
  const first = Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`);
  const to = new Date(first - DAY).toISOString().slice(0, 10);
  const from = `${to.slice(0, 7)}-01`;
  const days: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY)
    days.push(new Date(d).toISOString().slice(0, 10));
  return { from, to, days };
}

/** One month of work written into a stopped harness's database; returns every row as read back from the file. */
async function seedMonth(
  dataDir: string,
  days: readonly string[],
  now: number,
): Promise<{ rows: SeededRow[]; clerkNames: Map<string, string> }> {
  const opened = await openDatabase({ file: join(dataDir, 'okno.sqlite'), backupsDir: join(dataDir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.db;
  try {
    // The workstation's key must be there and fit the file, as when the harness opens it.
    const key = await loadOrCreateKey({ dataDir, db });
    if (!key.ok) throw new Error(key.message);
    const clerks = (await db('clerks').whereIn('role', ['clerk', 'supervisor']).select('id', 'full_name')) as {
      id: string;
      full_name: string;
    }[];
    const stored = await readSettings(db);
    const office = typeof stored.officeCode === 'string' ? stored.officeCode : '00';
    const random = prng(20261001);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const rows: NewApplication[] = [];
    const year = Number(days[0]?.slice(0, 4));
    for (const date of days) {
      if (new Date(`${date}T00:00:00Z`).getUTCDay() % 6 === 0) continue; // Saturdays and Sundays: closed
      const n = 20 + Math.floor(random() * 40);
      // Office hours 08:30–18:30 Minsk; the first and the last of each day sit on the edges.
      const times = Array.from({ length: n }, () => minskDayStart(date) + 8.5 * HOUR + Math.floor(random() * 10 * HOUR)).sort(
        (a, b) => a - b,
      );
      for (const created of times) {
        const t = timeline(random, created, now, pick(MIX));
        const id = randomUUID();
        const seq = rows.length + 1;
        rows.push({
          id,
          officeCode: office,
          journalYear: year,
          journalSeq: seq,
          journalNo: formatJournalNo(year, '1', seq),
          procedure: pick(['issue', 'issue', 'reset_password', 'change_phone', 'block', 'unblock'] as const),
          clerkId: pick(clerks).id,
          workstationId: '1',
          createdAt: isoOf(created),
          ...t,
          // Past the retention period: the journal facts only, as the purge leaves them.
          idHash: null,
          phoneHash: null,
          idMasked: '',
          personal: null,
          purgedAt: isoOf(now),
          phoneConfirmation: 'none',
          refusalReasons: t.state === 'refused' ? ['PHONE_IN_USE'] : null,
          rejectionProblems: null,
          temporaryPasswordSent: null,
        });
      }
    }
    await db.transaction(async (trx) => {
      await insertApplications(trx, rows);
      for (const row of rows) {
        if (row.signedAt === null) continue;
        await enqueue(trx, row.id, row.signedAt);
        if (row.state === 'queued') {
          for (let i = Math.floor(random() * 3); i > 0; i--) {
            await recordFailure(trx, row.id, { at: row.signedAt, error: 'Реестр недоступен (503).', nextAttemptAt: isoOf(now + HOUR) });
          }
        } else {
          await trx('outbox')
            .where('application_id', row.id)
            .update({ state: row.state === 'rejected' ? 'rejected' : 'sent', attempts: 1 });
        }
      }
      await trx('journal_counters')
        .insert({ office_code: office, year, last_seq: rows.length })
        .onConflict(['office_code', 'year'])
        .merge(['last_seq']);
    });
    // What the test checks against: the rows as stored, and who the clerks are.
    const found: Record<string, string | number | null>[] = await db('applications as a')
      .leftJoin('outbox as o', 'o.application_id', 'a.id')
      .select('a.*', 'o.attempts', 'o.last_error');
    const text = (v: string | number | null | undefined) => (typeof v === 'string' ? v : null);
    const list = found.map((r) => ({
      id: String(r.id),
      journalNo: String(r.journal_no),
      procedure: String(r.procedure) as Procedure,
      state: String(r.state) as ApplicationState,
      clerkId: String(r.clerk_id),
      createdAt: String(r.created_at),
      printedAt: text(r.printed_at),
      signedAt: text(r.signed_at),
      sentAt: text(r.sent_at),
      decidedAt: text(r.decided_at),
      cancelledAt: text(r.cancelled_at),
      rejectedAt: text(r.rejected_at),
      attempts: typeof r.attempts === 'number' ? r.attempts : 0,
      lastError: text(r.last_error),
    }));
    return { rows: list, clerkNames: new Map(clerks.map((c) => [c.id, c.full_name])) };
  } finally {
    await closeDatabase(db);
  }
}

/** What the test reads of the chart's canvas (the Node project has no DOM types). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
  getBoundingClientRect(): { width: number };
}

const tally = <T>(list: readonly T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

/** A table's body rows as label → count (first cell, second cell). */
async function tableCounts(table: Locator): Promise<Map<string, number>> {
  const pairs = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [tr.children[0]?.textContent ?? '', tr.children[1]?.textContent ?? ''] as const));
  return new Map(pairs.map(([label, count]) => [label.trim(), digits(count)]));
}

test('the supervisor reads last month in «Отчёты», exports it and prints the end of one day', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = tempDir('okno-reports-');
  try {
    // First run: the accounts, through the transport as the screens would make them.
    const first = await startHarness({ dataDir });
    try {
      const admin = await new HttpClient(first.url).connect();
      const setUp = await admin.call('setup.createAdmin', { login: ADMIN.login, password: ADMIN.password, passwordRepeat: ADMIN.password });
      expect(setUp.ok).toBe(true);
      for (const person of [{ ...SUPERVISOR, role: 'supervisor' }, ...OPERATORS.map((o) => ({ ...o, role: 'clerk' }))]) {
        expect((await admin.call('clerks.create', { ...person, password: givenPassword(person) })).ok).toBe(true);
        markGiven(person);
      }
      // Last month's unsigned applications stay open on purpose (the report counts them «В работе»): the
      // automatic cancel of abandoned ones (draftDays, default 7) would close them at start.
      expect((await admin.call('settings.update', { draftDays: 365 })).ok).toBe(true);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const now = Date.now();
    const month = lastMonth(now);
    const { rows, clerkNames } = await seedMonth(dataDir, month.days, now);
    const inMonth = rows.filter((r) => minskDay(r.createdAt) >= month.from && minskDay(r.createdAt) <= month.to);
    expect(inMonth.length).toBeGreaterThan(300);

    const harness = await startHarness({ dataDir });
    try {
      // An operator has no «Отчёты».
      await page.goto(harness.url);
      await login(page, OPERATORS[0] ?? ADMIN);
      await expect(page.getByRole('navigation').getByRole('button', { name: /^Журнал/ })).toBeVisible();
      await expect(page.getByRole('navigation').getByRole('button', { name: /^Отчёты/ })).toHaveCount(0);
      await logout(page);

      await login(page, SUPERVISOR);
      await openSection(page, 'Отчёты');
      await expect(page.getByRole('heading', { level: 1, name: 'Отчёты' })).toBeFocused();
      // By default: this month, Minsk days, shown ДД.ММ.ГГГГ whatever the browser's locale.
      const [year, month1] = minskDay(isoOf(now)).split('-');
      await expect(page.getByLabel('Начало периода', { exact: true })).toHaveValue(`01.${month1}.${year}`);

      // «Вся служба» comes first; this workstation has no registry set, so it says why it cannot be shown.
      await expect(page.getByRole('tab', { name: 'Вся служба' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('office-unavailable')).toContainText('Не заданы адрес реестра, токен рабочего места или код службы');

      // The supervisor picks last month, on this workstation's own figures.
      await page.getByRole('tab', { name: 'Это рабочее место' }).click();
      await page.getByLabel('Начало периода', { exact: true }).fill(month.from);
      await page.getByLabel('Конец периода', { exact: true }).fill(month.to);
      await page.getByRole('button', { name: 'Показать', exact: true }).click();
      await expect(
        page.getByRole('heading', { level: 2, name: `Заявления за ${ddmmyyyy(month.from)} — ${ddmmyyyy(month.to)}` }),
      ).toBeVisible();

      // Totals.
      await expect(page.getByTestId('reports-total')).toHaveText(new Intl.NumberFormat('ru-RU').format(inMonth.length));
      const outcomes = tally(inMonth, (r) => OUTCOME_OF[r.state]);
      const outcomeTable = await tableCounts(page.getByTestId('reports-by-outcome'));
      expect(outcomeTable).toEqual(
        new Map(
          ['Одобрено', 'Отказано', 'Отклонено реестром', 'Отменено', 'В работе (не подписано)', 'Ждёт отправки или решения'].map((o) => [
            o,
            outcomes.get(o) ?? 0,
          ]),
        ),
      );
      for (const [outcome, testId] of [
        ['Одобрено', 'approved'],
        ['Ждёт отправки или решения', 'waiting'],
      ] as const) {
        expect(digits(await page.getByTestId(`reports-total-${testId}`).textContent())).toBe(outcomes.get(outcome) ?? 0);
      }

      // Per procedure and per clerk.
      const procedures = tally(inMonth, (r) => PROCEDURE_LABEL[r.procedure]);
      expect(await tableCounts(page.getByTestId('reports-by-procedure'))).toEqual(
        new Map(Object.values(PROCEDURE_LABEL).map((label) => [label, procedures.get(label) ?? 0])),
      );
      const perClerk = tally(inMonth, (r) => clerkNames.get(r.clerkId) ?? r.clerkId);
      expect(perClerk.size).toBe(3);
      expect(await tableCounts(page.getByTestId('reports-by-clerk'))).toEqual(perClerk);
      for (const table of ['reports-by-procedure', 'reports-by-clerk', 'reports-by-outcome']) {
        expect(digits(await page.getByTestId(table).locator('tfoot td').first().textContent())).toBe(inMonth.length);
      }

      // Per day: the table under the chart, every day of the month.
      await page.getByText('По дням — таблицей').click();
      const perDay = tally(inMonth, (r) => minskDay(r.createdAt));
      expect(await tableCounts(page.getByTestId('reports-by-day'))).toEqual(
        new Map(month.days.map((d) => [ddmmyyyy(d), perDay.get(d) ?? 0])),
      );

      // The chart: a canvas chart.js has drawn bars on, in the interface's colour (#1f4e8c).
      const chart = page.getByTestId('reports-chart');
      await expect(chart).toHaveAttribute('aria-label', new RegExp(`всего ${inMonth.length};`));
      const painted = await chart.evaluate((element) => {
        const canvas = element as unknown as Canvas;
        const ctx = canvas.getContext('2d');
        if (!ctx) return { bars: 0, width: 0 };
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let bars = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs((data[i] ?? 0) - 0x1f) < 8 && Math.abs((data[i + 1] ?? 0) - 0x4e) < 8 && Math.abs((data[i + 2] ?? 0) - 0x8c) < 8)
            bars++;
        }
        return { bars, width: canvas.getBoundingClientRect().width };
      });
      expect(painted.width).toBeGreaterThan(800);
      expect(painted.bars).toBeGreaterThan(2000);
      await page.getByText('По дням — таблицей').click();
      await screenshot(page, 'reports-screen');

      // CSV of the month's applications: one line each after the header.
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Выгрузить CSV', exact: true }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`okno-applications-${month.from}_${month.to}.csv`);
      const csv = readFileSync((await download.path()) ?? '', 'utf8');
      const lines = csv
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, -1);
      expect(lines[0]).toBe('Номер в журнале,Процедура,Состояние,Принято,Подписано,Решение реестра,Сотрудник');
      expect(lines.length - 1).toBe(inMonth.length);
      expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(inMonth.map((r) => r.journalNo)));
      await expect(page.getByRole('status').filter({ hasText: `Выгружено строк: ${inMonth.length}.` })).toBeVisible();

      // «Итоги дня» for a busy day of the month.
      const busiest = month.days.reduce((best, d) => ((perDay.get(d) ?? 0) > (perDay.get(best) ?? 0) ? d : best), month.from);
      const start = minskDayStart(busiest);
      const end = start + DAY;
      const within = (at: string | null) => at !== null && Date.parse(at) >= start && Date.parse(at) < end;
      const before = (at: string | null) => at !== null && Date.parse(at) < end;
      const want = {
        taken: rows.filter((r) => within(r.createdAt)).length,
        signed: rows.filter((r) => within(r.signedAt)).length,
        sent: rows.filter((r) => within(r.sentAt)).length,
        approved: rows.filter((r) => r.state === 'approved' && within(r.decidedAt)).length,
        refused: rows.filter((r) => r.state === 'refused' && within(r.decidedAt)).length,
        rejected: rows.filter((r) => within(r.rejectedAt)).length,
        cancelled: rows.filter((r) => within(r.cancelledAt)).length,
        waiting: rows.filter((r) => before(r.createdAt) && !before(r.decidedAt) && !before(r.cancelledAt) && !before(r.rejectedAt)),
      };
      expect(want.taken).toBe(perDay.get(busiest));
      expect(want.waiting.length).toBeGreaterThan(0);

      await page.getByLabel('День', { exact: true }).fill(busiest);
      await page.getByRole('button', { name: 'Сформировать', exact: true }).click();
      const sheet = page.getByTestId('eod-sheet');
      await expect(sheet).toContainText(`Итоги дня ${ddmmyyyy(busiest)}`);
      const onSheet = async (id: string) => digits(await sheet.getByTestId(id).textContent());
      expect({
        taken: await onSheet('eod-taken'),
        signed: await onSheet('eod-signed'),
        sent: await onSheet('eod-sent'),
        approved: await onSheet('eod-approved'),
        refused: await onSheet('eod-refused'),
        rejected: await onSheet('eod-rejected'),
        cancelled: await onSheet('eod-cancelled'),
        waiting: await onSheet('eod-waiting'),
      }).toEqual({ ...want, waiting: want.waiting.length });
      const waitingRows = sheet.locator('.eod-paper__waiting tbody tr');
      await expect(waitingRows).toHaveCount(want.waiting.length);
      for (const r of want.waiting) await expect(waitingRows.filter({ hasText: r.journalNo })).toHaveCount(1);
      await expect(sheet).toContainText(`Составил(а): ${SUPERVISOR.fullName}`);
      // The reason of one still unsent after failed attempts, with their number and the last error.
      const failing = want.waiting.find((r) => r.state === 'queued' && r.attempts > 0);
      expect(failing).toBeDefined();
      await expect(waitingRows.filter({ hasText: failing?.journalNo ?? '-' })).toContainText(
        `Не отправлено: нет связи с реестром (попыток: ${failing?.attempts ?? 0}; последняя ошибка: Реестр недоступен (503)).`,
      );
      // The sheet's first page as the supervisor sees it (the list below runs to several pages).
      await page.setViewportSize({ width: 1280, height: 1000 });
      await sheet.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: 'test-results/reports-end-of-day.png' });
      await page.setViewportSize({ width: 1280, height: 720 });

      const { text } = await printSheet(page, () => page.getByRole('button', { name: 'Печать', exact: true }).click(), {
        path: 'test-results/reports-end-of-day.pdf',
      });
      const figure = (label: string) => Number(new RegExp(`${label}\\s+(\\d+)`).exec(text)?.[1]);
      expect({
        taken: figure('Принято заявлений'),
        signed: figure('Подписано заявителями'),
        sent: figure('Отправлено в реестр'),
        approved: figure('Решения реестра: одобрено'),
        refused: figure('Решения реестра: отказано'),
        rejected: figure('Отклонено реестром'),
        cancelled: figure('Отменено'),
        waiting: figure('Ждут на конец дня'),
      }).toEqual({ ...want, waiting: want.waiting.length });
      expect(text).toContain(`Итоги дня ${ddmmyyyy(busiest)}`);
      for (const r of want.waiting) expect(text).toContain(r.journalNo);
      expect(text).toContain(SUPERVISOR.fullName);
    } finally {
      await harness.stop();
    }
  } finally {
    removeDir(dataDir);
  }
});
