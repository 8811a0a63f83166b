/**
 * The harness lets in only the browser that opened its printed address (issue 15), and the page
 * keeps working while signing in and out moves it to new cookies: no reload, events still arrive.
 */
import { expect, test } from './fixtures';
import { createClerk, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-7' };
const CLERK = { login: 'operator', password: 'operator-password-7', fullName: 'Оператор Тестовый' };

test('without the key the page only says to open the printed address; with it, no key stays in the address bar', async ({
  page,
  harness,
}) => {
  const clean = new URL('/', harness.url).href;
  await page.goto(clean);
  await expect(page.getByRole('heading', { name: 'Откройте адрес, который напечатало «Окно»' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Адкрыйце адрас, які надрукавала праграма «Окно»' })).toBeVisible();
  expect(await page.context().cookies()).toEqual([]);

  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Первый запуск' })).toBeVisible();
  expect(page.url()).toBe(clean);
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite, c.path])).toEqual([[`okno_client_${harness.port}`, true, 'Strict', '/']]);
});

test('first run, sign out and in as another account without a reload: a new cookie each time, and pushed events still arrive', async ({
  page,
  browser,
  harness,
}) => {
  const cookie = async () => (await page.context().cookies()).map((c) => c.value).join();
  await page.goto(harness.url);
  const seen = [await cookie()];
  // Gone if the page reloads.
  await page.evaluate(() => Object.assign(globalThis, { oknoNoReload: true }));

  // The first-run steps without createAdminOnFirstRun's own navigation.
  await expect(page.getByRole('heading', { name: 'Первый запуск' })).toBeVisible();
  await page.getByLabel('Логин', { exact: true }).fill(ADMIN.login);
  await page.getByLabel('Пароль', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Создать администратора' }).click();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
  seen.push(await cookie());
  await createClerk(page, CLERK);
  await logout(page);
  seen.push(await cookie());
  await login(page, CLERK);
  seen.push(await cookie());
  expect(new Set(seen).size).toBe(4);
  expect(await page.evaluate(() => 'oknoNoReload' in globalThis)).toBe(true);

  // The administrator, elsewhere, renames the office: the clerk's header hears it (settings.changed).
  const adminContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    await admin.goto(harness.url);
    await login(admin, ADMIN);
    await openSection(admin, 'Настройки');
    await admin.getByLabel('Название службы', { exact: true }).fill('Служба «одно окно» № 7');
    await admin.getByRole('button', { name: 'Сохранить', exact: true }).first().click();
    await expect(admin.getByRole('status').filter({ hasText: 'Настройки сохранены.' })).toBeVisible();
  } finally {
    await adminContext.close();
  }
  await expect(page.getByRole('banner')).toContainText('Служба «одно окно» № 7');
  expect(await page.evaluate(() => 'oknoNoReload' in globalThis)).toBe(true);
});
