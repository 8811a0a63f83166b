/** Steps several end-to-end journeys share: the first run, creating a clerk, opening a section. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export interface Account {
  login: string;
  password: string;
}

/** First run: the first account is the administrator's, who is then signed in. */
export async function createAdminOnFirstRun(page: Page, url: string, admin: Account): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Первый запуск' })).toBeVisible();
  await page.getByLabel('Логин', { exact: true }).fill(admin.login);
  await page.getByLabel('Пароль', { exact: true }).fill(admin.password);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Создать администратора' }).click();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
}

/** The signed-in administrator creates an «Оператор» on «Сотрудники»; returns the new row. */
export async function createClerk(page: Page, clerk: Account & { fullName: string }) {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Сотрудники/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Сотрудники', level: 1 })).toBeVisible();
  await page.getByLabel('Логин', { exact: true }).fill(clerk.login);
  await page.getByLabel('ФИО', { exact: true }).fill(clerk.fullName);
  await page.getByLabel('Роль', { exact: true }).selectOption({ label: 'Оператор' });
  await page.getByLabel('Пароль', { exact: true }).fill(clerk.password);
  await page.getByRole('button', { name: 'Создать', exact: true }).click();
  const row = page.getByRole('row', { name: new RegExp(clerk.login) });
  await expect(row).toBeVisible();
  return row;
}

/** Opens a section by its navigation button (the name starts the button's text; Alt+N follows it). */
export async function openSection(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}
