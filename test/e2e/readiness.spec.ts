/**
 * «Проверка рабочего места» end to end: the administrator opens it, the harness (no registry, no
 * devices) shows each line with what to do, the verdict says not ready, and «Печать» prints the
 * lines; a clerk has no such section. The header shows no update state (the harness has no updater).
 */
import { expect, test } from './fixtures';
import { printSheet } from './print';
import { createAdminOnFirstRun, createClerk, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };

test('the administrator sees the readiness lines, with what to do, and prints them', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await openSection(page, 'Проверка места');
  await expect(page.getByRole('heading', { name: 'Проверка рабочего места', level: 1 })).toBeVisible();

  const verdict = page.getByTestId('readiness-verdict');
  await expect(verdict).toContainText('Рабочее место НЕ готово');
  // By its heading's id: the region's name changes with the language.
  const screen = page.locator('section[aria-labelledby="readiness-title"]');
  const row = (id: string) => screen.locator(`tbody tr[data-line="${id}"]`);
  await expect(row('database')).toHaveAttribute('data-status', 'ok');
  await expect(row('audit')).toHaveAttribute('data-status', 'ok');
  await expect(row('key')).toContainText('okno.key');
  await expect(row('registry')).toHaveAttribute('data-status', 'fail');
  await expect(row('registry')).toContainText('Задайте registryUrl');
  await expect(row('backup')).toHaveAttribute('data-status', 'fail');
  await expect(row('reader.port')).toHaveAttribute('data-status', 'warn');
  await expect(row('versions')).toContainText('Node.js');
  // No updater in the harness: nothing in the header.
  await expect(page.getByTestId('update-indicator')).toHaveCount(0);

  // In Belarusian the same lines come in Belarusian.
  await page.locator('.language-switch button[lang="be"]').click();
  await expect(row('registry')).toContainText('Задайце registryUrl');
  await page.locator('.language-switch button[lang="ru"]').click();

  const sheet = await printSheet(page, () => page.getByRole('button', { name: 'Печать' }).click());
  expect(sheet.text).toMatch(/Проверка рабочего места/);
  expect(sheet.text).toMatch(/Рабочее место НЕ готово/);
  expect(sheet.text).toMatch(/Задайте backup\.folder/);

  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await expect(page.getByRole('navigation').getByRole('button', { name: /^Проверка места/ })).toHaveCount(0);
});
