/**
 * Who the desk is (issue 14), in Chromium against the harness: the first-run screen asks for the
 * office code and the workstation number with the administrator; the number then is in every
 * journal number — on the application, in its PDF — and «Журнал» finds it by that number whatever
 * the period.
 */
import { expect, test } from './fixtures';
import { printSheet } from './print';
import { createApplication, createClerk, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };

test('the first run asks who the desk is; its number is on the application, in the PDF and found in «Журнал»', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Первый запуск' })).toBeVisible();
  await page.getByLabel('Код службы', { exact: true }).fill('MN-07');
  const workstation = page.getByLabel('Рабочее место', { exact: true });
  await workstation.fill('120');
  await page.getByLabel('Логин', { exact: true }).fill(ADMIN.login);
  await page.getByLabel('Пароль', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Создать администратора' }).click();
  await expect(workstation).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Номер рабочего места — число от 1 до 99.')).toBeVisible();
  await workstation.fill('12');
  await page.getByRole('button', { name: 'Создать администратора' }).click();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
  await expect(page.getByText('Рабочее место 12')).toBeVisible();

  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await openSection(page, 'Блокировка');
  await page.getByLabel('Идентификационный номер', { exact: true }).fill('3270287A012PB2');
  await page.getByLabel('Фамилия', { exact: true }).fill('Иванов');
  await page.getByLabel('Имя', { exact: true }).fill('Иван');
  await page.getByLabel('Дата рождения', { exact: true }).fill('1987-02-27');
  await page.getByLabel('Пол', { exact: true }).selectOption({ label: 'Мужской' });
  await page.getByLabel('Тип документа', { exact: true }).selectOption({ label: 'Паспорт гражданина РБ' });
  await page.getByLabel('Серия', { exact: true }).fill('MP');
  await page.getByLabel('Номер документа', { exact: true }).fill('1234567');
  await page.getByLabel('Действителен до', { exact: true }).fill('2031-01-01');
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
  const journalNo = await createApplication(page);
  expect(journalNo).toMatch(/^\d{4}\/12-000001$/);

  const { text } = await printSheet(page, () => page.getByRole('button', { name: 'Печать заявления' }).click(), {
    inPrint: async (paper) => {
      await expect(paper).toContainText(journalNo);
    },
  });
  expect(text).toContain(journalNo);

  // A period that does not hold it: the number is found anyway.
  await openSection(page, 'Журнал');
  await page.getByLabel('С', { exact: true }).fill('2020-01-01');
  await page.getByLabel('По', { exact: true }).fill('2020-01-02');
  await page.getByLabel('Журнальный номер', { exact: true }).fill(journalNo);
  await page.getByRole('button', { name: 'Показать', exact: true }).click();
  const rows = page.getByRole('table', { name: 'Заявления, новые сверху' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(journalNo);
});
