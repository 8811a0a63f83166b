/**
 * One citizen per application, end to end (issue 13): the harness in its own process, the card
 * reader simulator on a socat pty, the reference registry on 127.0.0.1, Chromium.
 * - Scanning B into a form that holds A's typed names, phone and confirmed SMS code empties it and
 *   says so; the application created and signed, and the registry's submission, carry B only.
 * - A half-filled form does not survive logout: the next clerk sees empty forms, no draft was stored.
 * - An idle-locked session hides the draft and gives it back to the same clerk.
 * - Enter in the phone field sends the SMS code and creates nothing; elsewhere it moves on.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { startCentralServer, type CentralServer } from '../central/server';
import { loadDemoPeople } from '../central/demo-people';
import type { RegistryPerson } from '../central/registry';
import { openReaderSimulator, type ReaderSimulator } from '../simulators/card-reader';
import { mrzOf, transliterate } from '../simulators/mrz-make';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { expect, test } from './fixtures';
import {
  configureReader,
  configureRegistry,
  createAdminOnFirstRun,
  createApplication,
  createClerk,
  login,
  logout,
  openSection,
} from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
const NEXT_CLERK = { login: 'operator2', fullName: 'Сидоренко Ольга Петровна', password: 'clerk-password-2' };

/** Two people of the demo registry without a UID (test/central/demo-people.ts). */
const people = loadDemoPeople();
const person = (idNumber: string): RegistryPerson => {
  const found = people.find((p) => p.idNumber === idNumber);
  if (!found) throw new Error(`${idNumber} is not in the demo registry`);
  return found;
};
const A = person('5120403M021PB8'); // Лукашевич Максим Андреевич, ID card
const B = person('6300806B014PB1'); // Ярошевич Дарья Олеговна, passport
const A_PHONE = { typed: '+375 29 700-11-01', e164: '+375297001101' };
const B_PHONE = { typed: '+375 29 700-11-02', e164: '+375297001102' };

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
/** A date field shows ДД.ММ.ГГГГ (DateField). */
const shownDate = (iso: string): string => iso.split('-').reverse().join('.');

/** Every text field of the form, by label, and the value it must hold. */
async function expectForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await expect(field(page, label), label).toHaveValue(value);
}

/** «Отправить код», the code as the registry sent it, «Проверить код». */
async function confirmPhone(page: Page, central: CentralServer, phone: string): Promise<void> {
  await page.getByRole('button', { name: 'Отправить код' }).click();
  await expect(page.getByText(/Код отправлен на номер/)).toBeVisible();
  const code = central.state.smsMessages(phone)[0]?.code ?? '';
  expect(code).toMatch(/^\d{6}$/);
  await field(page, 'Код из SMS').fill(code);
  await page.getByRole('button', { name: 'Проверить код' }).click();
  await expect(page.getByText('Телефон подтверждён')).toBeVisible();
}

/** Applications in the data folder's database, read from the file itself (read-only, beside the running harness). */
function applicationRows(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(join(dataDir, 'okno.sqlite'), sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.get<{ n: number }>('SELECT count(*) AS n FROM applications', (error, row) => {
        db.close();
        if (error) reject(error);
        else resolve(row?.n ?? -1);
      });
    });
  });
}

test.describe('with the registry and the card reader', () => {
  let central: CentralServer;
  let readerPair: PtyPair;
  let reader: ReaderSimulator;
  test.beforeEach(async () => {
    central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 13 });
    readerPair = await createPtyPair();
    reader = await openReaderSimulator(readerPair.simPath);
  });
  test.afterEach(async () => {
    await reader.close();
    await readerPair.close();
    await central.close();
  });

  test('scan A, type, confirm the phone, scan B: the form holds B only, and so do the application and the submission', async ({
    page,
    harness,
  }) => {
    await createAdminOnFirstRun(page, harness.url, ADMIN);
    await configureRegistry(page, central);
    await configureReader(page, readerPair.devicePath);
    await createClerk(page, CLERK);
    await logout(page);
    await login(page, CLERK);
    await openSection(page, 'Выдача УИ');

    // A's document, A's names typed, A's phone confirmed with the SMS code.
    const [docA] = A.documents;
    const [docB] = B.documents;
    if (!docA || !docB) throw new Error('demo people without documents');
    await reader.send(mrzOf(A, docA), { framing: 'stx', chunkSize: 'random' });
    await expect(field(page, 'Идентификационный номер')).toHaveValue(A.idNumber);
    await field(page, 'Фамилия').fill(A.surname);
    await field(page, 'Имя').fill(A.givenNames);
    await field(page, 'Отчество').fill(A.patronymic ?? '');
    await field(page, 'Кем выдан').fill('Октябрьский РОВД г. Гродно');
    await field(page, 'Мобильный телефон').fill(A_PHONE.typed);
    await confirmPhone(page, central, A_PHONE.e164);
    await page.getByLabel('Согласие на сверку персональных данных с МВД').check();

    // B's document: every field is B's or empty, and the clerk is told.
    await reader.send(mrzOf(B, docB), { framing: 'desko', chunkSize: 'random' });
    await expect(field(page, 'Идентификационный номер')).toHaveValue(B.idNumber);
    await expect(page.getByRole('alert').filter({ hasText: 'Считан документ другого гражданина: форма очищена' })).toBeVisible();
    await expectForm(page, {
      Фамилия: '',
      Имя: '',
      Отчество: '',
      'Фамилия латиницей (как в MRZ)': transliterate(B.surname),
      'Имя латиницей (как в MRZ)': transliterate(B.givenNames),
      'Дата рождения': shownDate(B.birthDate),
      Пол: B.sex,
      Гражданство: 'BLR',
      'Тип документа': docB.type,
      Серия: docB.series ?? '',
      'Номер документа': docB.number,
      'Дата выдачи': '',
      'Действителен до': shownDate(docB.expiresAt),
      'Кем выдан': '',
      'Мобильный телефон': '',
    });
    await expect(page.getByLabel('Согласие на сверку персональных данных с МВД')).not.toBeChecked();
    await expect(page.getByText('Телефон подтверждён')).toHaveCount(0);
    await expect(page.locator('main')).not.toContainText(A.surname);

    // B's own names and phone; B's code; create, print, sign.
    await field(page, 'Фамилия').fill(B.surname);
    await field(page, 'Имя').fill(B.givenNames);
    await field(page, 'Отчество').fill(B.patronymic ?? '');
    await field(page, 'Мобильный телефон').fill(B_PHONE.typed);
    await confirmPhone(page, central, B_PHONE.e164);
    await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
    await createApplication(page);
    const screen = page.locator('main');
    await expect(screen).toContainText(B.idNumber);
    await expect(screen).toContainText(B.surname);
    for (const trace of [A.idNumber, A.surname, A.givenNames, '700-11-01']) await expect(screen).not.toContainText(trace);
    await page.getByRole('button', { name: 'Печать заявления' }).click();
    await expect(page.getByTestId('application-state')).toHaveText('Ожидает подписи');
    await page.getByRole('button', { name: 'Подписано' }).click();
    await expect(page.getByRole('region', { name: 'Решение реестра' })).toContainText('Решение: одобрено', { timeout: 15_000 });

    // What the registry received: B, B's document, B's verified phone; nothing of A.
    const ids = [...central.state.decisions().map((d) => d.submissionId), ...central.state.pending()];
    expect(ids).toHaveLength(1);
    const submission = central.state.submission(ids[0] ?? '');
    expect(submission).toMatchObject({
      procedure: 'issue',
      idNumber: B.idNumber,
      person: { surname: B.surname, givenNames: B.givenNames, birthDate: B.birthDate, sex: B.sex },
      document: { type: docB.type, number: docB.number },
      phone: B_PHONE.e164,
    });
    const sent = JSON.stringify(submission);
    for (const trace of [A.idNumber, A.surname, A.givenNames, A_PHONE.e164, docA.number, 'Октябрьский']) expect(sent).not.toContain(trace);
    // A's confirmation went with A: the one sent is B's.
    const confirmation = submission?.phoneConfirmation;
    expect(confirmation?.method).toBe('sms_code');
    const confirmationId = confirmation?.method === 'sms_code' ? confirmation.confirmationId : '';
    expect(central.state.confirmation(confirmationId)?.phone).toBe(B_PHONE.e164);
  });

  test('Enter in the phone field sends the code and creates nothing; in the code field it checks it; elsewhere it moves on', async ({
    page,
    harness,
  }) => {
    await createAdminOnFirstRun(page, harness.url, ADMIN);
    await configureRegistry(page, central);
    await createClerk(page, CLERK);
    await logout(page);
    await login(page, CLERK);
    await openSection(page, 'Выдача УИ');
    const [docB] = B.documents;
    if (!docB) throw new Error('demo person without a document');
    await field(page, 'Идентификационный номер').fill(B.idNumber);
    await field(page, 'Фамилия').fill(B.surname);
    await field(page, 'Имя').fill(B.givenNames);
    // Enter in a plain field: the next field gets focus, nothing is created.
    await field(page, 'Имя').press('Enter');
    await expect(field(page, 'Отчество')).toBeFocused();
    await field(page, 'Отчество').fill(B.patronymic ?? '');
    await field(page, 'Дата рождения').fill(B.birthDate);
    await field(page, 'Пол').selectOption(B.sex);
    await field(page, 'Тип документа').selectOption(docB.type);
    await field(page, 'Серия').fill(docB.series ?? '');
    await field(page, 'Номер документа').fill(docB.number);
    await field(page, 'Действителен до').fill(docB.expiresAt);
    // Consent ticked first: the whole form is valid, as when Enter used to submit it.
    await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
    await field(page, 'Мобильный телефон').fill(B_PHONE.typed);
    await field(page, 'Мобильный телефон').press('Enter');

    await expect(page.getByText(/Код отправлен на номер/)).toBeVisible();
    expect(central.state.smsMessages(B_PHONE.e164)).toHaveLength(1);
    await expect(field(page, 'Код из SMS')).toBeFocused();
    // Enter in the code field checks the code, and creates nothing either.
    await field(page, 'Код из SMS').fill(central.state.smsMessages(B_PHONE.e164)[0]?.code ?? '');
    await field(page, 'Код из SMS').press('Enter');
    await expect(page.getByText('Телефон подтверждён')).toBeVisible();
    // Enter on the consent box: still the form.
    await page.getByLabel('Согласие на сверку персональных данных с МВД').press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'Выдача уникального идентификатора' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: /^Заявление № / })).toHaveCount(0);
    expect(await applicationRows(harness.dataDir)).toBe(0);
    await openSection(page, 'Журнал');
    await expect(page.getByText('Заявлений за этот период нет.')).toBeVisible();
  });
});

test('a half-filled form does not survive logout: the next clerk sees empty forms, and no draft was stored', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await createClerk(page, NEXT_CLERK);
  await logout(page);
  await login(page, CLERK);
  await openSection(page, 'Выдача УИ');
  await field(page, 'Идентификационный номер').fill(A.idNumber);
  await field(page, 'Фамилия').fill(A.surname);
  await field(page, 'Мобильный телефон').fill(A_PHONE.typed);
  await openSection(page, 'Блокировка');
  await field(page, 'Идентификационный номер').fill(B.idNumber);
  await field(page, 'Фамилия').fill(B.surname);
  await logout(page);

  await login(page, NEXT_CLERK);
  await expect(page.locator('body')).not.toContainText(A.surname);
  for (const section of ['Выдача УИ', 'Блокировка']) {
    await openSection(page, section);
    await expectForm(page, { 'Идентификационный номер': '', Фамилия: '' });
    await expect(page.locator('main')).not.toContainText(A.surname);
    await expect(page.locator('main')).not.toContainText(B.surname);
  }
  await expect(field(page, 'Мобильный телефон')).toHaveCount(0);
  await openSection(page, 'Выдача УИ');
  await expect(field(page, 'Мобильный телефон')).toHaveValue('');
  expect(await applicationRows(harness.dataDir)).toBe(0);

  // The first clerk, back again, starts afresh too: a draft is not kept for its author across sessions.
  await logout(page);
  await login(page, CLERK);
  await openSection(page, 'Выдача УИ');
  await expectForm(page, { 'Идентификационный номер': '', Фамилия: '', 'Мобильный телефон': '' });
});

test('an idle-locked session hides the draft and gives it back to the same clerk', async ({ page, harness }) => {
  // The shortest idle lock the settings allow (1 min); the harness checks every 15 s.
  test.setTimeout(180_000);
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await openSection(page, 'Настройки');
  await field(page, 'Блокировка при бездействии (мин)').fill('1');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByText('Настройки сохранены.')).toBeVisible();
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await openSection(page, 'Выдача УИ');
  await field(page, 'Идентификационный номер').fill(A.idNumber);
  await field(page, 'Фамилия').fill(A.surname);

  const lock = page.getByRole('dialog', { name: 'Сеанс заблокирован' });
  await expect(lock).toBeVisible({ timeout: 120_000 });
  // Behind the lock the draft is not shown to whoever stands at the desk.
  await expect(field(page, 'Фамилия')).toBeHidden();
  await lock.getByLabel('Пароль', { exact: true }).fill(CLERK.password);
  await lock.getByRole('button', { name: 'Разблокировать' }).click();
  await expect(lock).toHaveCount(0);
  await expectForm(page, { 'Идентификационный номер': A.idNumber, Фамилия: A.surname });
});
