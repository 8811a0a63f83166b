/**
 * Sync end to end: the harness (its own process) talks to the reference registry on 127.0.0.1;
 * Chromium shows the screens. An issue with the phone confirmed by the SMS code (read from the
 * registry's test endpoint) is signed, approved, and «Печать извещения» shows the UID; a phone
 * already tied to another UID is refused before any SMS, and the reason is shown in Russian.
 */
import type { Page } from '@playwright/test';
import { startCentralServer, type CentralServer } from '../central/server';
import { expect, test } from './fixtures';
import { printSheet } from './print';
import {
  confirmPhoneBySms,
  createAdminOnFirstRun,
  createApplication,
  createClerk,
  createSupervisor,
  login,
  logout,
  openSection,
} from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
const SUPERVISOR = { login: 'chief', fullName: 'Сидорова Мария Ивановна', password: 'chief-password-1' };

let central: CentralServer;
test.beforeEach(async () => {
  central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 11 });
});
test.afterEach(async () => {
  await central.close();
});

/** The administrator points the workstation at the registry, then the clerk signs in. */
async function setUpAndSignIn(page: Page, url: string): Promise<void> {
  await createAdminOnFirstRun(page, url, ADMIN);
  await openSection(page, 'Настройки');
  await page.getByLabel('Адрес реестра', { exact: true }).fill(central.url);
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

/** Ковалёв Андрей Николаевич of the demo registry: known, no UID yet. */
async function fillKovalev(page: Page, phone: string): Promise<void> {
  await openSection(page, 'Выдача УИ');
  await page.getByLabel('Идентификационный номер', { exact: true }).fill('3150385M001PB2');
  await page.getByLabel('Фамилия', { exact: true }).fill('Ковалёв');
  await page.getByLabel('Имя', { exact: true }).fill('Андрей');
  await page.getByLabel('Отчество', { exact: true }).fill('Николаевич');
  await page.getByLabel('Дата рождения', { exact: true }).fill('1985-03-15');
  await page.getByLabel('Пол', { exact: true }).selectOption({ label: 'Мужской' });
  await page.getByLabel('Тип документа', { exact: true }).selectOption({ label: 'Паспорт гражданина РБ' });
  await page.getByLabel('Серия', { exact: true }).fill('MP');
  await page.getByLabel('Номер документа', { exact: true }).fill('2345671');
  await page.getByLabel('Действителен до', { exact: true }).fill('2031-04-11');
  await page.getByLabel('Мобильный телефон', { exact: true }).fill(phone);
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
}

async function createPrintSign(page: Page): Promise<string> {
  const journalNo = await createApplication(page);
  await page.getByRole('button', { name: 'Печать заявления' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('Ожидает подписи');
  await page.getByRole('button', { name: 'Подписано' }).click();
  return journalNo;
}

test('issue with the SMS code → signed → approved; the notice shows the UID', async ({ page, harness }) => {
  await setUpAndSignIn(page, harness.url);
  await fillKovalev(page, '+375 29 111-22-33');

  // Before starting: the registry says this person has no UID.
  const lookup = page.getByRole('region', { name: 'Состояние УИ в реестре' });
  await lookup.getByRole('button', { name: 'Проверить', exact: true }).click();
  await expect(lookup.getByRole('status')).toContainText('УИ нет');

  await confirmPhoneBySms(page, central.url, '+375291112233');

  const journalNo = await createPrintSign(page);
  const decision = page.getByRole('region', { name: 'Решение реестра' });
  await expect(decision).toContainText('Решение: одобрено', { timeout: 15_000 });
  await expect(decision).toContainText('3150385M001PB2');
  await expect(page.getByTestId('application-state')).toHaveText('Одобрено');
  await expect(page.getByText('подтверждён кодом из SMS').first()).toBeVisible();

  // The notice: printed media shows the UID.
  const { text } = await printSheet(page, () => page.getByRole('button', { name: 'Печать извещения' }).click(), {
    inPrint: async (paper) => {
      await expect(paper).toContainText('Извещение о выдаче уникального идентификатора');
      await expect(paper).toContainText('Уникальный идентификатор3150385M001PB2');
    },
  });
  expect(text).toContain('3150385M001PB2');

  // The clerk is told.
  await page.getByRole('button', { name: /^Уведомления/ }).click();
  await expect(page.getByRole('dialog', { name: 'Уведомления' })).toContainText(`Заявление № ${journalNo} — одобрено`);
});

test('a phone already tied to another UID is refused before any SMS, and nothing can be created with it', async ({ page, harness }) => {
  await setUpAndSignIn(page, harness.url);
  // Климович Елена's number.
  await fillKovalev(page, '+375 44 765-43-21');
  await page.getByRole('button', { name: 'Отправить код' }).click();
  // Said at the phone field (issue 13), which gets focus.
  const phone = page.getByLabel('Мобильный телефон', { exact: true });
  await expect(phone).toHaveAccessibleDescription(/уже привязан к другому уникальному идентификатору/);
  await expect(phone).toBeFocused();
  expect(central.state.smsMessages('+375447654321')).toEqual([]);
  // The registry answers, so the unconfirmed phone is not deferred: the application is refused.
  await page.getByRole('button', { name: 'Создать заявление' }).click();
  await expect(page.getByText(/Подтвердите телефон кодом из SMS/).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /^Заявление № / })).toHaveCount(0);

  await openSection(page, 'Очередь отправки');
  await expect(page.getByText('Очередь пуста')).toBeVisible();
});

test('while applications wait, a new registry address needs the supervisor’s confirmation on «Настройки»', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await openSection(page, 'Настройки');
  // Nothing listens there: what the clerk signs stays in the queue.
  await page.getByLabel('Адрес реестра', { exact: true }).fill('http://127.0.0.1:9/api/');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Настройки сохранены.' })).toBeVisible();
  const token = page.getByRole('region', { name: 'Токен рабочего места' });
  await token.getByLabel('Новый токен').fill('dev-token');
  await token.getByRole('button', { name: 'Сохранить токен' }).click();
  await expect(token.getByText('Токен сохранён.')).toBeVisible();
  await createClerk(page, CLERK);
  await createSupervisor(page, SUPERVISOR);
  await logout(page);
  // The password the administrator gave counts for a confirmation only once the supervisor chose their own.
  await login(page, SUPERVISOR);
  await logout(page);

  await login(page, CLERK);
  await fillKovalev(page, '+375 29 111-22-33');
  await createPrintSign(page);
  await logout(page);

  await login(page, ADMIN);
  await openSection(page, 'Настройки');
  await page.getByLabel('Адрес реестра', { exact: true }).fill(central.url);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Не отправлено в реестр заявлений: 1.');
  const confirm = page.getByRole('group', { name: 'Подтверждение начальника службы' });
  await expect(confirm).toContainText('ушли бы туда');

  await confirm.getByLabel('Логин начальника службы').fill(SUPERVISOR.login);
  await confirm.getByLabel('Пароль начальника службы').fill('not-the-password');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(confirm.getByText('Подтверждение не принято: неверный логин или пароль начальника службы.')).toBeVisible();

  await confirm.getByLabel('Пароль начальника службы').fill(SUPERVISOR.password);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Настройки сохранены.' })).toBeVisible();
  await expect(confirm).toHaveCount(0);
  // The queue now goes to the registry the supervisor confirmed.
  await expect(page.getByRole('status', { name: 'Реестр' })).toContainText('на связи', { timeout: 15_000 });
});
