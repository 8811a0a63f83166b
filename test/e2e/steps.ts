/** Steps several end-to-end journeys share: the first run, accounts, signing in and out, sections, screenshots. */
import type { Page } from '@playwright/test';
import { HttpClient } from '../harness';
import { expect } from './fixtures';

export interface Account {
  login: string;
  password: string;
}

/**
 * First run: the first account is the administrator's, who is then signed in. The form also asks
 * who the desk is where no config file says it (office code and workstation number).
 */
export async function createAdminOnFirstRun(
  page: Page,
  url: string,
  admin: Account,
  desk: { officeCode: string; workstationId: string } = { officeCode: '00', workstationId: '1' },
): Promise<void> {
  await page.goto(url);
  await fillFirstRun(page, admin, desk);
}

/** The first-run form on the page as it is (no navigation): the desk where asked, the administrator. */
export async function fillFirstRun(
  page: Page,
  admin: Account,
  desk: { officeCode: string; workstationId: string } = { officeCode: '00', workstationId: '1' },
): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Первый запуск' })).toBeVisible();
  const office = page.getByLabel('Код службы', { exact: true });
  if (await office.isVisible()) await office.fill(desk.officeCode);
  const workstation = page.getByLabel('Рабочее место', { exact: true });
  if (await workstation.isVisible()) await workstation.fill(desk.workstationId);
  await page.getByLabel('Логин', { exact: true }).fill(admin.login);
  await page.getByLabel('Пароль', { exact: true }).fill(admin.password);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Создать администратора' }).click();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
}

/**
 * The signed-in administrator creates an account on «Сотрудники» («Оператор» unless told) with
 * `givenPassword(clerk)`, which its owner replaces at the first `login`; returns the new row.
 */
export async function createClerk(page: Page, clerk: Account & { fullName: string }, roleLabel = 'Оператор') {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Сотрудники/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Сотрудники', level: 1 })).toBeVisible();
  await page.getByLabel('Логин', { exact: true }).fill(clerk.login);
  await page.getByLabel('ФИО', { exact: true }).fill(clerk.fullName);
  await page.getByLabel('Роль', { exact: true }).selectOption({ label: roleLabel });
  await page.getByLabel('Пароль', { exact: true }).fill(givenPassword(clerk));
  await page.getByRole('button', { name: 'Создать', exact: true }).click();
  markGiven(clerk);
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

/** The signed-in administrator creates a «Начальник службы». */
export const createSupervisor = (page: Page, supervisor: Account & { fullName: string }) =>
  createClerk(page, supervisor, 'Начальник службы');

/**
 * The password an administrator gives an account (creation, reset). Its owner must replace it at
 * the first sign-in; `login` below does that, setting `account.password`, so a journey signs in
 * with `account.password` ever after.
 */
export const givenPassword = (account: Account): string => `${account.password}-given`;

/** Logins whose password an administrator gave and whose owner has not yet replaced it (this worker). */
const given = new Set<string>();

/** Call after an account got `givenPassword(account)` other than through `createClerk` (e.g. through the API). */
export const markGiven = (account: Account): void => void given.add(account.login);

/**
 * Signs in on the login screen (waits for it: a work screen may have its own «Логин» field, e.g. «Сотрудники»).
 * The first sign-in of an account an administrator gave a password meets «Смените пароль»: the
 * step replaces `givenPassword(account)` by `account.password` there.
 */
export async function login(page: Page, account: Account): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Вход в систему', level: 1 })).toBeVisible();
  const first = given.has(account.login);
  await page.getByLabel('Логин', { exact: true }).fill(account.login);
  await page.getByLabel('Пароль', { exact: true }).fill(first ? givenPassword(account) : account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  if (first) {
    await changeGivenPassword(page, account);
    given.delete(account.login);
  }
  await expect(page.getByRole('navigation')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
}

/** `login` through the transport instead of the screen (a second workstation): returns the signed-in client. */
export async function loginThroughApi(url: string, account: Account): Promise<HttpClient> {
  const client = await new HttpClient(url).connect();
  const first = given.has(account.login);
  const signedIn = await client.call('auth.login', { login: account.login, password: first ? givenPassword(account) : account.password });
  expect(signedIn.ok).toBe(true);
  if (first) {
    const change = { currentPassword: givenPassword(account), newPassword: account.password, newPasswordRepeat: account.password };
    expect((await client.call('auth.changePassword', change)).ok).toBe(true);
    given.delete(account.login);
  }
  return client;
}

/** On «Смените пароль»: the given password, then the account's own one twice. */
export async function changeGivenPassword(page: Page, account: Account): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Смените пароль', level: 1 })).toBeVisible();
  await page.getByLabel('Пароль, выданный администратором', { exact: true }).fill(givenPassword(account));
  await page.getByLabel('Новый пароль', { exact: true }).fill(account.password);
  await page.getByLabel('Повторите новый пароль', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByRole('heading', { name: 'Вход в систему', level: 1 })).toBeVisible();
}

/** The whole screen at 1280 px into test-results/NAME.png (the work area scrolls inside the layout, so the window is made tall enough). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const height = await page.locator('main.content').evaluate((main) => main.scrollHeight + main.getBoundingClientRect().top);
  await page.setViewportSize({ width: 1280, height: Math.max(viewport.height, Math.ceil(height)) });
  await page.screenshot({ path: `test-results/${name}.png` });
  await page.setViewportSize(viewport);
}

/**
 * Submits the open procedure form («Создать заявление»); returns the new application's journal number.
 * A block is confirmed first («Заблокировать УИ …?» names the citizen and the UID).
 */
export async function createApplication(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Создать заявление' }).click();
  const heading = page.getByRole('heading', { level: 1, name: /^Заявление № / });
  const blockDialog = page.getByRole('dialog', { name: /^Заблокировать УИ / });
  await expect(heading.or(blockDialog)).toBeVisible();
  if (await blockDialog.isVisible()) await blockDialog.getByRole('button', { name: 'Заблокировать УИ', exact: true }).click();
  await expect(heading).toBeVisible();
  const journalNo = ((await heading.textContent()) ?? '').replace('Заявление № ', '').trim();
  expect(journalNo).toMatch(/^\d{4}\/\d{2}-\d{6}$/);
  return journalNo;
}

/**
 * The headers a call straight to the transport needs, as the page sends them: its client's token
 * lives in the tab's sessionStorage (the browser context's cookie alone is refused).
 */
export async function transportHeaders(page: Page): Promise<Record<string, string>> {
  const token = await page.evaluate(() => {
    // The page's own storage (typed here without the DOM library).
    const storage = (globalThis as { sessionStorage?: { getItem(key: string): string | null } }).sessionStorage;
    return storage?.getItem('okno.token') ?? '';
  });
  return { 'X-Okno-Request': '1', 'X-Okno-Token': token };
}

/**
 * While the registry answers, «Выдача УИ» and «Смена телефона» need the phone confirmed by SMS
 * (issue 13): «Отправить код», the code read as the citizen would (the reference registry's
 * `GET /_test/sms?phone=…`, newest first), «Проверить код». `phone` is E.164 (+375…).
 */
export async function confirmPhoneBySms(page: Page, registryUrl: string, phone: string): Promise<void> {
  await page.getByRole('button', { name: 'Отправить код' }).click();
  await expect(page.getByText(/Код отправлен на номер/)).toBeVisible();
  const response = await fetch(`${registryUrl}_test/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { code: string }[] };
  const code = messages[0]?.code ?? '';
  expect(code).toMatch(/^\d{6}$/);
  await page.getByLabel('Код из SMS').fill(code);
  await page.getByRole('button', { name: 'Проверить код' }).click();
  await expect(page.getByText('Телефон подтверждён')).toBeVisible();
}

/** «Настройки»: the registry's address and this desk's token (`dev-token` of the reference registry); waits until it answers. */
export async function configureRegistry(page: Page, central: { url: string }): Promise<void> {
  await openSection(page, 'Настройки');
  await page.getByLabel('Адрес реестра', { exact: true }).fill(central.url);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  const token = page.getByRole('region', { name: 'Токен рабочего места' });
  await token.getByLabel('Новый токен').fill('dev-token');
  await token.getByRole('button', { name: 'Сохранить токен' }).click();
  await expect(token.getByText('Токен сохранён.')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Реестр' })).toContainText('на связи');
}

/** «Устройства»: the card reader on `devicePath` (a pty of the simulator); waits until it is ready. */
export async function configureReader(page: Page, devicePath: string): Promise<void> {
  await openSection(page, 'Устройства');
  const region = page.getByRole('region', { name: 'Считыватель документов' });
  await region.getByLabel('Порт', { exact: true }).fill(devicePath);
  await region.getByRole('button', { name: 'Сохранить' }).click();
  await expect(region.getByRole('status').filter({ hasText: 'Настройки сохранены.' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Считыватель' })).toContainText('готов');
}
