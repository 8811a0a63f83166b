/**
 * Screens loaded on demand, in Chromium against the HTTP harness: the first screen runs only what
 * index.html names; a screen's chunk comes when the screen is opened (its heading then has the
 * focus), the front desk's forms right after a clerk signs in; a chunk that cannot be fetched is
 * said so, and reloading the window brings the screen; Belarusian is fetched only once chosen and
 * is then shown from the first screen on.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createClerk, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'petrova', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };

/** The file names of the scripts the page fetches, in order. */
function scriptsOf(page: Page): string[] {
  const scripts: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.js')) scripts.push(path.slice(path.lastIndexOf('/') + 1));
  });
  return scripts;
}

/** The scripts index.html loads: the entry and the modules it preloads. */
async function firstScreenScripts(page: Page, url: string): Promise<string[]> {
  const html = await (await page.request.get(url)).text();
  return [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1] ?? '');
}

test('the first screen runs only what index.html names; other screens come when opened, the forms after a clerk signs in', async ({
  page,
  harness,
}) => {
  const scripts = scriptsOf(page);
  const named = await firstScreenScripts(page, harness.url);
  expect(named.length).toBeGreaterThan(0);

  await createAdminOnFirstRun(page, harness.url, ADMIN);
  // The first run shows with what index.html names; the work screens' shell is fetched after it, and nothing else.
  expect(named.some((s) => s.startsWith('MainLayout-'))).toBe(false);
  expect(scripts.some((s) => s.startsWith('MainLayout-'))).toBe(true);
  expect(scripts.filter((s) => !named.includes(s) && !s.startsWith('MainLayout-'))).toEqual([]);

  await openSection(page, 'Сотрудники');
  await expect(page.getByRole('heading', { name: 'Сотрудники', level: 1 })).toBeFocused();
  expect(scripts.some((s) => s.startsWith('ClerksScreen-'))).toBe(true);
  // The administrator takes no applications: the procedure forms were not fetched for them.
  expect(scripts.some((s) => s.startsWith('ApplicationForm-'))).toBe(false);

  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await expect.poll(() => scripts.some((s) => s.startsWith('ApplicationForm-'))).toBe(true);
  await openSection(page, 'Выдача УИ');
  await expect(page.getByRole('heading', { name: 'Выдача уникального идентификатора', level: 1 })).toBeFocused();
  // The phone check works (libphonenumber-js came with the form): a landline is refused as such.
  const phone = page.getByLabel('Мобильный телефон', { exact: true });
  await phone.fill('+375 17 123-45-67');
  await phone.blur();
  await expect(page.getByText('Это городской (стационарный) номер.', { exact: false })).toBeVisible();
  expect(scripts.filter((s) => s.startsWith('be-'))).toEqual([]);
});

test('a screen whose code cannot be fetched says so; reloading the window brings it', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await page.route('**/assets/SettingsScreen-*.js', (route) => route.abort());
  await openSection(page, 'Настройки');
  await expect(page.getByRole('alert')).toContainText('Не удалось загрузить этот раздел программы.');
  // The rest of the window works on.
  await openSection(page, 'Главная');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Здравствуйте');

  await openSection(page, 'Настройки');
  await page.unroute('**/assets/SettingsScreen-*.js');
  await page.getByRole('button', { name: 'Перезагрузить окно' }).click();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
  await openSection(page, 'Настройки');
  await expect(page.getByRole('heading', { name: 'Настройки', level: 1 })).toBeVisible();
});

test('Belarusian is fetched once chosen, and a remembered choice is shown from the first screen on', async ({ page, harness }) => {
  const scripts = scriptsOf(page);
  // Every first-level heading the page ever shows, to see that no Russian one comes before the Belarusian.
  const headings: string[] = [];
  await page.exposeFunction('oknoHeadingShown', (text: string) => headings.push(text));
  await page.addInitScript({
    content: `new MutationObserver(() => {
      const text = document.querySelector('h1')?.textContent;
      if (text) void window.oknoHeadingShown(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });`,
  });

  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Первый запуск', level: 1 })).toBeVisible();
  expect(scripts.filter((s) => s.startsWith('be-'))).toEqual([]);

  await page.getByRole('button', { name: 'Беларуская' }).click();
  await expect(page.getByRole('heading', { name: 'Першы запуск', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'be');
  expect(scripts.filter((s) => s.startsWith('be-'))).toHaveLength(1);

  headings.length = 0;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Першы запуск', level: 1 })).toBeVisible();
  expect(headings.filter((h) => h === 'Первый запуск')).toEqual([]);

  await page.getByRole('button', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { name: 'Первый запуск', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
});
