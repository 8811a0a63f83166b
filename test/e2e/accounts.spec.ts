/**
 * Accounts end to end, in Chromium against the HTTP harness: first run, an administrator
 * creates a clerk, the clerk locks the account with five wrong passwords, and the
 * administrator, at another workstation (another browser context), unlocks it; the clerk then
 * replaces the password the administrator gave before any work.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createClerk, givenPassword, login, logout } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'ivanov', fullName: 'Иванов Иван Иванович', password: 'clerk-password-1' };

/** Submits the login form and waits for the main process's answer (not for a fixed time). */
async function submitLogin(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel('Логин', { exact: true }).fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth.login'));
  await page.getByRole('button', { name: 'Войти' }).click();
  await answered;
}

test('an account locked by wrong passwords is unlocked by the administrator at another workstation', async ({ page, browser, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  const createdRow = await createClerk(page, CLERK);
  await expect(createdRow).toContainText(CLERK.fullName);
  await expect(createdRow).toContainText('Оператор');
  await expect(createdRow).toContainText('активен');

  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();

  // The clerk mistypes the password five times: the account is locked, but the login screen says
  // only «wrong login or password», as for an account that does not exist (issue 15).
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitLogin(page, CLERK.login, `wrong-password-${attempt}`);
    await expect(page.getByRole('alert')).toContainText('Неверный логин или пароль');
  }

  // Locked means locked: the right password (still the one the administrator gave) is refused too, with the same words.
  await submitLogin(page, CLERK.login, givenPassword(CLERK));
  await expect(page.getByRole('alert')).toContainText('Неверный логин или пароль');
  await expect(page.getByRole('alert')).not.toContainText('заблокирована');
  await expect(page.getByRole('button', { name: 'Выйти' })).toHaveCount(0);

  // The administrator, at another workstation, unlocks the account.
  const adminContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    await admin.goto(harness.url);
    await submitLogin(admin, ADMIN.login, ADMIN.password);
    await expect(admin.getByRole('button', { name: 'Выйти' })).toBeVisible();
    await admin.keyboard.press('Alt+2');
    await expect(admin.getByRole('heading', { name: 'Сотрудники', level: 1 })).toBeVisible();
    const lockedRow = admin.getByRole('row', { name: new RegExp(CLERK.login) });
    await expect(lockedRow).toContainText(/заблокирован до \d\d:\d\d/);
    await lockedRow.getByRole('button', { name: 'Разблокировать' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'разблокирована' })).toBeVisible();
    await expect(lockedRow).toContainText('активен');
    await expect(lockedRow.getByRole('button', { name: 'Разблокировать' })).toHaveCount(0);
  } finally {
    await adminContext.close();
  }

  // Now the clerk gets in: first «Смените пароль» (the administrator chose the password; nothing
  // else opens before it is replaced), then the work screens of an «Оператор» without the administration sections.
  await login(page, CLERK);
  const header = page.getByRole('banner');
  await expect(header).toContainText(CLERK.fullName);
  await expect(header).toContainText('Оператор');
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button', { name: /Главная/ })).toBeVisible();
  await expect(nav.getByRole('button', { name: /Сотрудники/ })).toHaveCount(0);
  await expect(nav.getByRole('button', { name: /Аудит/ })).toHaveCount(0);

  // Later the clerk changes the password from the header: the old one no longer signs in.
  const own = { ...CLERK, password: 'clerk-password-2' };
  await page.getByRole('banner').getByRole('button', { name: 'Сменить пароль' }).click();
  const dialog = page.getByRole('dialog', { name: 'Смена пароля' });
  await dialog.getByLabel('Текущий пароль', { exact: true }).fill(CLERK.password);
  await dialog.getByLabel('Новый пароль', { exact: true }).fill(own.password);
  await dialog.getByLabel('Повторите новый пароль', { exact: true }).fill(own.password);
  await dialog.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Пароль изменён.');
  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  await logout(page);
  await submitLogin(page, CLERK.login, CLERK.password);
  await expect(page.getByRole('alert')).toContainText('Неверный логин или пароль');
  await login(page, own);
  await expect(page.getByRole('banner')).toContainText(CLERK.fullName);
});
