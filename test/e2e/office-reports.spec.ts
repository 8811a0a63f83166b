/**
 * «Отчёты» of an office with two desks, in Chromium against the HTTP harness (desk 1) and the
 * reference registry on 127.0.0.1. Desk 1's database gets today's work written into it: some
 * signed and sent (the registry holds them under the same ids), some still unsigned (only here).
 * Desk 2's applications, and those of a desk of another office, reach the registry as a 1.1 desk
 * sends them. The supervisor of desk 1 sees «Вся служба» count desk 2's applications and desk 1's
 * sent ones, per desk, clerk, procedure, day and outcome, «Это рабочее место» count only desk 1's
 * (unsigned included), and «Итоги дня» name the desk and list every desk of the office; with the
 * registry down, «Вся служба» says it is unavailable and why.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { closeDatabase, enqueue, formatJournalNo, insertApplications, openDatabase, type NewApplication, type Procedure } from '../../db';
import type { Submission } from '../../main/central/schemas';
import { loadOrCreateKey } from '../../main/keys';
import { silentLogger } from '../../main/log';
import { startCentralServer, type CentralServer } from '../central/server';
import { HttpClient, removeDir, startHarness, tempDir } from '../harness';
import { minskDay } from '../support/report-rows';
import { syntheticPerson } from '../support/sync-load';
import { expect, test } from './fixtures';
import { printSheet } from './print';
import { givenPassword, login, markGiven, openSection, screenshot } from './steps';

const OFFICE = 'E2E-OFF';
const TOKEN = 'office-e2e-token';
const OTHER_TOKEN = 'other-office-e2e-token';
const ADMIN = { login: 'admin', password: 'admin-password-1' };
const SUPERVISOR = { login: 'chief', fullName: 'Сидорова Мария Ивановна', password: 'chief-password-1' };
const OPERATOR = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
/** Desk 2's clerks: known to the registry by what desk 2 sent, not to desk 1. */
const DESK2_CLERKS = [
  { login: 'kovalchuk', name: 'Ковальчук Олег Петрович' },
  { login: 'sokolova', name: 'Соколова Ирина Павловна' },
];
/** Two of every three by the first clerk. */
const desk2Clerk = (i: number) => {
  const c = i % 3 === 2 ? { login: 'sokolova', name: 'Соколова Ирина Павловна' } : { login: 'kovalchuk', name: 'Ковальчук Олег Петрович' };
  return { id: `ws2-${c.login}`, ...c };
};
const PROCEDURES: readonly Procedure[] = ['issue', 'block', 'unblock', 'change_phone', 'reset_password'];
const PROCEDURE_LABEL: Record<Procedure, string> = {
  issue: 'Выдача УИ',
  block: 'Блокировка',
  unblock: 'Разблокировка',
  change_phone: 'Смена телефона',
  reset_password: 'Новый пароль',
};

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));
const ddmmyyyy = (date: string) => date.split('-').reverse().join('.');

async function tableCounts(table: Locator): Promise<Map<string, number>> {
  const pairs = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [tr.children[0]?.textContent ?? '', tr.children[1]?.textContent ?? ''] as const));
  return new Map(pairs.map(([label, count]) => [label.trim(), digits(count)]));
}

const tally = <T>(list: readonly T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};

let personNo = 700;
/** A submission as a 1.1 desk sends it, for a fresh synthetic person. */
function submission(at: {
  id?: string;
  procedure: Procedure;
  office: string;
  ws: string;
  clerk: { id: string; login: string; name: string };
  journalNo: string;
  signedAt: string;
}): Submission {
  const p = syntheticPerson(personNo++);
  const doc = p.documents[0];
  if (!doc) throw new Error('a person without a document');
  return {
    id: at.id ?? randomUUID(),
    procedure: at.procedure,
    idNumber: p.idNumber,
    person: { surname: p.surname, givenNames: p.givenNames, birthDate: p.birthDate, sex: p.sex, citizenship: p.citizenship },
    document: { type: doc.type, number: doc.number, expiresAt: doc.expiresAt },
    ...((at.procedure === 'issue' || at.procedure === 'change_phone') && {
      phone: p.phone,
      phoneConfirmation: { method: 'deferred' as const },
    }),
    consentToVerification: true,
    officeCode: at.office,
    workstationId: at.ws,
    clerkId: at.clerk.id,
    clerkLogin: at.clerk.login,
    clerkName: at.clerk.name,
    journalNo: at.journalNo,
    signedAt: at.signedAt,
  };
}

/** Desk 1's day written into its stopped harness's database: sent ones (returned as submissions) and unsigned ones. */
async function seedDesk1(dataDir: string, now: number): Promise<{ sent: Submission[]; local: NewApplication[] }> {
  const opened = await openDatabase({ file: join(dataDir, 'okno.sqlite'), backupsDir: join(dataDir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.db;
  try {
    const key = await loadOrCreateKey({ dataDir, db });
    if (!key.ok) throw new Error(key.message);
    const operator = (await db('clerks').where({ login: OPERATOR.login }).first()) as { id: string };
    const year = Number(minskDay(new Date(now).toISOString()).slice(0, 4));
    const rows: NewApplication[] = [];
    const sent: Submission[] = [];
    // 7 signed and sent, 2 drafts, 2 printed and awaiting the signature; a minute apart, the last a minute ago.
    const plan = [...Array<'sent'>(7).fill('sent'), 'draft', 'draft', 'awaiting_signature', 'awaiting_signature'] as const;
    plan.forEach((state, i) => {
      const at = new Date(now - (plan.length - i) * 60_000).toISOString();
      const seq = i + 1;
      const procedure = PROCEDURES[i % PROCEDURES.length] ?? 'issue';
      const id = randomUUID();
      rows.push({
        id,
        officeCode: OFFICE,
        journalYear: year,
        journalSeq: seq,
        journalNo: formatJournalNo(year, '1', seq),
        procedure,
        state,
        clerkId: operator.id,
        workstationId: '1',
        createdAt: at,
        printedAt: state === 'draft' ? null : at,
        signedAt: state === 'sent' ? at : null,
        sentAt: state === 'sent' ? at : null,
        decidedAt: null,
        cancelledAt: null,
        rejectedAt: null,
        updatedAt: at,
        // The journal facts only: these reports read no personal data.
        idHash: null,
        phoneHash: null,
        idMasked: '',
        personal: null,
        purgedAt: at,
        phoneConfirmation: 'none',
        refusalReasons: null,
        rejectionProblems: null,
        temporaryPasswordSent: null,
      });
      if (state === 'sent') {
        sent.push(
          submission({
            id,
            procedure,
            office: OFFICE,
            ws: '1',
            clerk: { id: operator.id, login: OPERATOR.login, name: OPERATOR.fullName },
            journalNo: formatJournalNo(year, '1', seq),
            signedAt: at,
          }),
        );
      }
    });
    await db.transaction(async (trx) => {
      await insertApplications(trx, rows);
      for (const row of rows) {
        if (row.signedAt === null) continue;
        await enqueue(trx, row.id, row.signedAt);
        await trx('outbox').where('application_id', row.id).update({ state: 'sent', attempts: 1 });
      }
      await trx('journal_counters').insert({ office_code: OFFICE, year, last_seq: rows.length });
    });
    return { sent, local: rows };
  } finally {
    await closeDatabase(db);
  }
}

let central: CentralServer;
test.beforeEach(async () => {
  // Decisions an hour away: everything the registry received is pending while the test runs.
  central = await startCentralServer({
    port: 0,
    token: [
      { token: TOKEN, caller: { officeCode: OFFICE, workstationId: null } },
      { token: OTHER_TOKEN, caller: { officeCode: 'E2E-OTHER', workstationId: null } },
    ],
    decisionDelayMs: 3_600_000,
  });
});
test.afterEach(async () => {
  await central.close();
});

test('desk 1’s supervisor: «Вся служба» counts desk 2’s applications, «Это рабочее место» only its own', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = tempDir('okno-office-reports-');
  try {
    const first = await startHarness({ dataDir });
    try {
      const admin = await new HttpClient(first.url).connect();
      const setUp = await admin.call('setup.createAdmin', { login: ADMIN.login, password: ADMIN.password, passwordRepeat: ADMIN.password });
      expect(setUp.ok).toBe(true);
      for (const person of [
        { ...SUPERVISOR, role: 'supervisor' },
        { ...OPERATOR, role: 'clerk' },
      ]) {
        expect((await admin.call('clerks.create', { ...person, password: givenPassword(person) })).ok).toBe(true);
        markGiven(person);
      }
      expect((await admin.call('settings.update', { officeCode: OFFICE, workstationId: '1', registryUrl: central.url })).ok).toBe(true);
      expect((await admin.call('registry.setToken', { token: TOKEN })).ok).toBe(true);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const now = Date.now();
    const today = minskDay(new Date(now).toISOString());
    const desk1 = await seedDesk1(dataDir, now);
    const desk2 = Array.from({ length: 9 }, (_, i) =>
      submission({
        procedure: PROCEDURES[(i * 2) % PROCEDURES.length] ?? 'issue',
        office: OFFICE,
        ws: '2',
        clerk: desk2Clerk(i),
        journalNo: `${today.slice(0, 4)}/02-${String(i + 1).padStart(6, '0')}`,
        signedAt: new Date(now - (i + 1) * 90_000).toISOString(),
      }),
    );
    const otherOffice = Array.from({ length: 3 }, (_, i) =>
      submission({
        procedure: 'issue',
        office: 'E2E-OTHER',
        ws: '2',
        clerk: { id: 'other', login: 'other', name: 'Другая Служба' },
        journalNo: `${today.slice(0, 4)}/02-${String(100 + i).padStart(6, '0')}`,
        signedAt: new Date(now - 60_000).toISOString(),
      }),
    );
    // Each office sends with its own token: ours is bound to our office (any desk), the other's to its.
    for (const [token, items] of [
      [TOKEN, [...desk1.sent, ...desk2]],
      [OTHER_TOKEN, otherOffice],
    ] as const) {
      const posted = await fetch(new URL('v1/submissions', central.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ items }),
      });
      expect(posted.status).toBe(200);
    }
    const office = [...desk1.sent, ...desk2];

    const harness = await startHarness({ dataDir });
    try {
      await page.goto(harness.url);
      await login(page, SUPERVISOR);
      await openSection(page, 'Отчёты');

      // «Вся служба» (the default): both desks, from the registry.
      const officeTab = page.getByRole('tab', { name: 'Вся служба' });
      await expect(officeTab).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('tabpanel', { name: 'Вся служба' })).toContainText(`код ${OFFICE}`);
      await expect(page.getByTestId('office-total')).toHaveText(String(office.length));
      expect(await tableCounts(page.getByTestId('office-by-workstation'))).toEqual(
        new Map([
          ['Рабочее место № 1 (это)', desk1.sent.length],
          ['Рабочее место № 2', desk2.length],
        ]),
      );
      const names = new Map<string, string>([[OPERATOR.login, OPERATOR.fullName], ...DESK2_CLERKS.map((c) => [c.login, c.name] as const)]);
      expect(await tableCounts(page.getByTestId('office-by-clerk'))).toEqual(
        new Map([...tally(office, (s) => s.clerkLogin ?? '')].map(([login, n]) => [`${names.get(login) ?? login} (${login})`, n])),
      );
      const perProcedure = tally(office, (s) => s.procedure);
      expect(await tableCounts(page.getByTestId('office-by-procedure'))).toEqual(
        new Map(PROCEDURES.map((p) => [PROCEDURE_LABEL[p], perProcedure.get(p) ?? 0])),
      );
      expect(await tableCounts(page.getByTestId('office-by-outcome'))).toEqual(
        new Map([
          ['Одобрено', 0],
          ['Отказано', 0],
          ['Ждёт решения реестра', office.length],
        ]),
      );
      // Per day: this month's days, today (Minsk) holding all of them; dates written by our code.
      await expect(page.getByTestId('office-chart')).toHaveAttribute('aria-label', new RegExp(`всего ${office.length};`));
      await page.getByText('По дням — таблицей').click();
      const byDay = await tableCounts(page.getByTestId('office-by-day'));
      expect(byDay.get(ddmmyyyy(today))).toBe(office.length);
      expect([...byDay.values()].reduce((a, b) => a + b, 0)).toBe(office.length);
      await screenshot(page, 'reports-office');

      // «Это рабочее место»: desk 1's database only — its unsigned ones too, none of desk 2's.
      await page.getByRole('tab', { name: 'Это рабочее место' }).click();
      await expect(page.getByRole('tabpanel', { name: 'Это рабочее место' })).toContainText('Рабочее место № 1');
      await expect(page.getByTestId('reports-total')).toHaveText(String(desk1.local.length));
      expect(await tableCounts(page.getByTestId('reports-by-clerk'))).toEqual(new Map([[OPERATOR.fullName, desk1.local.length]]));
      const outcomes = await tableCounts(page.getByTestId('reports-by-outcome'));
      expect(outcomes.get('Ждёт отправки или решения')).toBe(desk1.sent.length);
      expect(outcomes.get('В работе (не подписано)')).toBe(desk1.local.length - desk1.sent.length);
      await expect(page.getByTestId('office-total')).toHaveCount(0);

      // «Итоги дня»: this desk's sheet names it, and lists every desk of the office.
      await page.getByLabel('День', { exact: true }).fill(today);
      await page.getByRole('button', { name: 'Сформировать', exact: true }).click();
      const sheet = page.getByTestId('eod-sheet');
      await expect(sheet.getByTestId('eod-desk')).toHaveText(`Рабочее место № 1 (код службы ${OFFICE})`);
      expect(digits(await sheet.getByTestId('eod-taken').textContent())).toBe(desk1.local.length);
      expect(await tableCounts(sheet.getByTestId('eod-office'))).toEqual(
        new Map([
          ['Рабочее место № 1 (это)', desk1.sent.length],
          ['Рабочее место № 2', desk2.length],
        ]),
      );
      const { text } = await printSheet(page, () => page.getByRole('button', { name: 'Печать', exact: true }).click(), {
        path: 'test-results/reports-office-end-of-day.pdf',
      });
      expect(text).toContain(`Рабочее место № 1 (код службы ${OFFICE})`);
      expect(text).toMatch(new RegExp(`Рабочее место № 2\\s+${desk2.length}`));
      await page.getByRole('button', { name: 'Закрыть', exact: true }).click();

      // The registry goes away: «Вся служба» says it is unavailable and why; the desk's figures stay.
      await central.stop();
      await officeTab.click();
      await page.getByRole('button', { name: 'Показать', exact: true }).click();
      const unavailable = page.getByTestId('office-unavailable');
      await expect(unavailable).toContainText('«Вся служба» сейчас недоступна');
      await expect(unavailable).toContainText('Нет связи с реестром');
      // The same in Belarusian.
      await page.getByRole('button', { name: 'Беларуская', exact: true }).click();
      await expect(unavailable).toContainText('«Уся служба» зараз недаступная');
      await expect(unavailable).toContainText('Няма сувязі з рэестрам');
      await page.getByRole('button', { name: 'Русский', exact: true }).click();
      // Back on line: «Повторить» brings the office's figures back.
      await central.start();
      await unavailable.getByRole('button', { name: 'Повторить', exact: true }).click();
      await expect(page.getByTestId('office-total')).toHaveText(String(office.length));
      await page.getByRole('tab', { name: 'Это рабочее место' }).click();
      await expect(page.getByTestId('reports-total')).toHaveText(String(desk1.local.length));
    } finally {
      await harness.stop();
    }
  } finally {
    removeDir(dataDir);
  }
});
