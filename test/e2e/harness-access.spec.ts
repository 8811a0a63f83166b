/**
 * The harness lets in only the browser that opened its printed address (issue 15), and the page
 * keeps working while signing in and out moves it to new cookies and tokens: no reload, events
 * still arrive. The cookie a page on another loopback port receives is worth nothing without the
 * token only our page holds; a reload of the tab keeps it, a new tab has none.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createClerk, fillFirstRun, login, logout, openSection, transportHeaders } from './steps';

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
  const token = async () => (await transportHeaders(page))['X-Okno-Token'] ?? '';
  await page.goto(harness.url);
  const seen = [await cookie()];
  const tokens = [await token()];
  // Gone if the page reloads.
  await page.evaluate(() => Object.assign(globalThis, { oknoNoReload: true }));

  // The first-run steps without createAdminOnFirstRun's own navigation.
  await fillFirstRun(page, ADMIN);
  seen.push(await cookie());
  tokens.push(await token());
  await createClerk(page, CLERK);
  await logout(page);
  seen.push(await cookie());
  tokens.push(await token());
  await login(page, CLERK);
  seen.push(await cookie());
  tokens.push(await token());
  expect(new Set(seen).size).toBe(4);
  // Each rotation handed the page its new client's token.
  expect(new Set(tokens).size).toBe(4);
  for (const t of tokens) expect(t).toMatch(/^[\w-]{43}$/);
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

/** The page's cookie as another loopback port receives it: a server there records what the browser sends. */
async function cookieSentToAnotherPort(page: Page): Promise<IncomingHttpHeaders['cookie']> {
  let received: IncomingHttpHeaders['cookie'];
  const other = createServer((req, res) => {
    received = req.headers.cookie;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>другой порт</title><p>чужая страница</p>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    await expect(page.getByText('чужая страница')).toBeVisible();
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
  return received;
}

test('a page on another loopback port receives the cookie, but without the token it opens nothing; a reload keeps the tab signed in, a new tab has no token', async ({
  page,
  harness,
}) => {
  const clean = new URL('/', harness.url).href;
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  expect(page.url()).toBe(clean);

  // The browser hands the signed-in cookie to whatever listens on another port of 127.0.0.1.
  const headers = await transportHeaders(page);
  const stolen = await cookieSentToAnotherPort(page);
  expect(stolen).toMatch(new RegExp(`^okno_client_${harness.port}=`));
  // Replayed from a script there (no Origin): no session, no data, no events.
  const replay = (channel: string, extra: Record<string, string> = {}) =>
    fetch(new URL(`api/${channel}`, clean), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1', Cookie: stolen ?? '', ...extra },
      body: '{}',
    });
  for (const channel of ['auth.session', 'journal.list', 'clerks.list']) {
    const res = await replay(channel);
    expect(res.status, channel).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  }
  expect((await fetch(new URL('events', clean), { headers: { Cookie: stolen ?? '' } })).status).toBe(401);
  // The same cookie with the page's token is the page itself (what no other origin can read).
  const own = await replay('auth.session', headers);
  expect(await own.json()).toMatchObject({ ok: true, value: { session: { login: ADMIN.login } } });

  // Back to the app and a reload of the tab: the token stays with the tab, still signed in.
  await page.goBack();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
  await openSection(page, 'Сотрудники');
  expect(page.url()).not.toContain('#t=');

  // A new tab on the clean address has the cookie but no token: it says what to do, in ru and be.
  const tab = await page.context().newPage();
  await tab.goto(clean);
  await expect(tab.getByRole('heading', { name: 'Откройте адрес, который напечатало «Окно»' })).toBeVisible();
  await expect(tab.getByRole('heading', { name: 'Адкрыйце адрас, які надрукавала праграма «Окно»' })).toBeVisible();
  // The printed address gives the tab the browser's client: the same session, no second sign-in.
  await tab.goto(harness.url);
  await expect(tab.getByRole('button', { name: 'Выйти' })).toBeVisible();
  await tab.close();
});
