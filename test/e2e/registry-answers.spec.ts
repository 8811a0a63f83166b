/**
 * What the registry answers, as the clerk sees it (issue 13), end to end: the harness in its own
 * process, the reference registry on 127.0.0.1, Chromium.
 * - A phone tied to another person's UID is refused at «Отправить код», on the phone field, and no SMS goes.
 * - A refusal code the registry invented is shown by its code.
 * - A new password within 24 h of one approved at another desk: the clerk confirms with the citizen and files it again.
 * - The notice printed for a UID whose temporary password the registry did not send does not say it was sent.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { loadDemoPeople } from '../central/demo-people';
import type { RegistryPerson } from '../central/registry';
import { startCentralServer, type CentralServer } from '../central/server';
import { expect, test } from './fixtures';
import { printSheet } from './print';
import { createAdminOnFirstRun, createApplication, createClerk, login, logout, openSection, transportHeaders } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };

const people = loadDemoPeople();
const person = (idNumber: string): RegistryPerson => {
  const found = people.find((p) => p.idNumber === idNumber);
  if (!found) throw new Error(`${idNumber} is not in the demo registry`);
  return found;
};
const NOVIK = person('4220791H017PB4'); // no UID
const SHEVCHUK = person('3030378A045PB1'); // active UID
const KIM = person('3010160M077PB9'); // active UID
const KLIMOVICH_PHONE = { typed: '+375 44 765-43-21', e164: '+375447654321' };

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

let central: CentralServer;
test.afterEach(async () => {
  await central.close();
});

async function setUpAndSignIn(page: Page, url: string): Promise<void> {
  await createAdminOnFirstRun(page, url, ADMIN);
  await openSection(page, 'Настройки');
  await field(page, 'Адрес реестра').fill(central.url);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  const token = page.getByRole('region', { name: 'Токен рабочего места' });
  await token.getByLabel('Новый токен').fill('dev-token');
  await token.getByRole('button', { name: 'Сохранить токен' }).click();
  await expect(token.getByText('Токен сохранён.')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Реестр' })).toContainText('на связи');
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
}

/** The person and their first document, typed into the open form (consent ticked; no phone). */
async function fillPerson(page: Page, p: RegistryPerson): Promise<void> {
  const doc = p.documents[0];
  if (!doc) throw new Error(`${p.idNumber} has no document`);
  await field(page, 'Идентификационный номер').fill(p.idNumber);
  await field(page, 'Фамилия').fill(p.surname);
  await field(page, 'Имя').fill(p.givenNames);
  if (p.patronymic) await field(page, 'Отчество').fill(p.patronymic);
  await field(page, 'Дата рождения').fill(p.birthDate);
  await field(page, 'Пол').selectOption(p.sex);
  await field(page, 'Тип документа').selectOption(doc.type);
  if (doc.series) await field(page, 'Серия').fill(doc.series);
  await field(page, 'Номер документа').fill(doc.number);
  await field(page, 'Действителен до').fill(doc.expiresAt);
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
}

async function printAndSign(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Печать заявления' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('Ожидает подписи');
  await page.getByRole('button', { name: 'Подписано' }).click();
}

test('a phone tied to another UID is refused at «Отправить код», on the phone field, before any SMS', async ({ page, harness }) => {
  central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 21 });
  await setUpAndSignIn(page, harness.url);
  await openSection(page, 'Выдача УИ');
  await fillPerson(page, NOVIK);
  const phone = field(page, 'Мобильный телефон');
  await phone.fill(KLIMOVICH_PHONE.typed);
  await page.getByRole('button', { name: 'Отправить код' }).click();

  const describedBy = page.locator(`#${(await phone.getAttribute('id')) ?? ''}-error`);
  await expect(describedBy).toContainText('уже привязан к другому уникальному идентификатору');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toBeFocused();
  await expect(page.getByText(/Код отправлен на номер/)).toHaveCount(0);
  expect(central.state.smsMessages(KLIMOVICH_PHONE.e164)).toHaveLength(0);

  // Another number: the refusal was about that one only.
  await phone.fill('+375 29 700-22-01');
  await expect(describedBy).toHaveCount(0);
});

test('a refusal code the registry invented is shown by its code', async ({ page, harness }) => {
  central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 22, faults: 'invent-reasons=1' });
  await setUpAndSignIn(page, harness.url);
  await openSection(page, 'Новый пароль');
  await fillPerson(page, SHEVCHUK);
  await createApplication(page);
  await printAndSign(page);
  const decision = page.getByRole('region', { name: 'Решение реестра' });
  await expect(decision).toContainText('Решение: отказано', { timeout: 15_000 });
  await expect(decision).toContainText(/Отказано реестром: код NEW_REASON_\d{4}/);
  await expect(page.getByTestId('application-state')).toHaveText('Отказано');
});

test('a new password within 24 h of one approved at another desk: confirmed with the citizen, then filed', async ({ page, harness }) => {
  central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 23 });
  // Another workstation of another office gave Ким a new password a moment ago.
  const doc = KIM.documents[0];
  if (!doc) throw new Error('Ким has no document');
  const other = {
    id: randomUUID(),
    procedure: 'reset_password',
    idNumber: KIM.idNumber,
    person: { surname: KIM.surname, givenNames: KIM.givenNames, birthDate: KIM.birthDate, sex: KIM.sex, citizenship: KIM.citizenship },
    document: { type: doc.type, ...(doc.series && { series: doc.series }), number: doc.number, expiresAt: doc.expiresAt },
    consentToVerification: true,
    officeCode: '77',
    workstationId: 'desk-9',
    clerkId: 'other-clerk',
    signedAt: new Date().toISOString(),
  };
  const posted = await fetch(new URL('v1/submissions', central.url), {
    method: 'POST',
    headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
    body: JSON.stringify({ items: [other] }),
  });
  expect(posted.status).toBe(200);
  await expect.poll(() => central.state.decisions().find((d) => d.submissionId === other.id)?.outcome).toBe('approved');

  await setUpAndSignIn(page, harness.url);
  await openSection(page, 'Новый пароль');
  await fillPerson(page, KIM);
  // «Состояние УИ в реестре» shows the other desk's application before anything is filed.
  const lookup = page.getByRole('region', { name: 'Состояние УИ в реестре' });
  await lookup.getByRole('button', { name: 'Проверить', exact: true }).click();
  await expect(lookup.getByRole('status')).toContainText('За последние сутки: Новый пароль — одобрено, рабочее место desk-9 службы 77');
  await page.getByRole('button', { name: 'Создать заявление' }).click();
  const question = page.getByRole('alert').filter({ hasText: 'Спросите гражданина, нужен ли ему ещё один новый пароль' });
  await expect(question).toBeVisible();
  await expect(question).toContainText('desk-9');
  await expect(page.getByRole('heading', { level: 1, name: /^Заявление № / })).toHaveCount(0);

  await question.getByRole('button', { name: 'Гражданин подтверждает: подать повторно' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Заявление № / })).toBeVisible();
  await expect(page.getByTestId('application-state')).toHaveText('Черновик');
});

test('the notice of a UID whose temporary password the registry did not send does not say it was sent', async ({ page, harness }) => {
  central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 24 });
  await setUpAndSignIn(page, harness.url);
  await openSection(page, 'Выдача УИ');
  await fillPerson(page, NOVIK);
  await field(page, 'Мобильный телефон').fill('+375 29 700-22-02');
  await page.getByRole('button', { name: 'Отправить код' }).click();
  await expect(page.getByText(/Код отправлен на номер/)).toBeVisible();
  await field(page, 'Код из SMS').fill(central.state.smsMessages('+375297002202')[0]?.code ?? '');
  await page.getByRole('button', { name: 'Проверить код' }).click();
  await expect(page.getByText('Телефон подтверждён')).toBeVisible();
  const journalNo = await createApplication(page);

  // The registry approves, and reports that no SMS with a temporary password went out.
  const journal = await page.request.post(new URL('api/journal.list', harness.url).href, {
    headers: await transportHeaders(page),
    data: {},
  });
  const listed = (await journal.json()) as { ok: boolean; value: { items: { id: string; journalNo: string }[] } };
  const id = listed.value.items.find((item) => item.journalNo === journalNo)?.id ?? '';
  expect(id).not.toBe('');
  central.tamperDecision(id, (decision) => ({ ...decision, temporaryPasswordSent: false }));

  await printAndSign(page);
  await expect(page.getByRole('region', { name: 'Решение реестра' })).toContainText('Решение: одобрено', { timeout: 15_000 });
  const { text } = await printSheet(page, () => page.getByRole('button', { name: 'Печать извещения' }).click(), {
    inPrint: async (paper) => {
      await expect(paper).toContainText('Извещение о выдаче уникального идентификатора');
    },
  });
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain(NOVIK.idNumber);
  expect(flat).toContain('Реестр сообщил, что временный пароль не отправлен');
  expect(flat).not.toMatch(/пароль направлен/i);
  expect(flat).not.toContain('смените временный пароль');
});

test('a decision the desk cannot read is set aside, and «Очередь отправки» tells the clerk to call IT', async ({ page, harness }) => {
  central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 25 });
  await setUpAndSignIn(page, harness.url);
  await openSection(page, 'Новый пароль');
  await fillPerson(page, SHEVCHUK);
  const journalNo = await createApplication(page);
  const journal = await page.request.post(new URL('api/journal.list', harness.url).href, {
    headers: await transportHeaders(page),
    data: {},
  });
  const listed = (await journal.json()) as { ok: boolean; value: { items: { id: string; journalNo: string }[] } };
  const id = listed.value.items.find((item) => item.journalNo === journalNo)?.id ?? '';
  expect(id).not.toBe('');
  central.tamperDecision(id, (decision) => ({ ...decision, outcome: 'maybe' }));
  await printAndSign(page);

  await openSection(page, 'Очередь отправки');
  await expect(page.getByText(/Отложено решений: 1\./)).toBeVisible({ timeout: 15_000 });
});
