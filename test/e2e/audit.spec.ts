/**
 * «Аудит» end to end, in Chromium against the HTTP harness: the supervisor filters the audit log
 * by clerk, action and period, pages through it, verifies the chain and exports the selection to
 * CSV; a clerk has no «Аудит» and the main process refuses the call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { projectRoot } from '../harness';
import { expect, test } from './fixtures';
import {
  createAdminOnFirstRun,
  createClerk,
  createSupervisor,
  login,
  loginThroughApi,
  logout,
  openSection,
  transportHeaders,
} from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'ivanov', fullName: 'Иванов Иван Иванович', password: 'clerk-password-1' };
const SUPERVISOR = { login: 'petrova', fullName: 'Петрова Анна Сергеевна', password: 'super-password-1' };
/** A valid identification number: each journal search by it is one `journal.searched` row. */
const ID_NUMBER = '3270287A012PB2';
const SEARCHES = 55;
const SEARCH_LABEL = 'Поиск в журнале по идентификационному номеру';
const CSV_HEADER = 'seq,at,actor_login,actor_id,action,subject,details,hash';

/** The text of one column (1-based, the row header counted) for every shown row. */
const column = (table: Locator, n: number) => table.locator(`tbody tr > :nth-child(${n})`).allTextContents();

/** Shows the filtered list and waits for its first page. */
async function apply(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/audit.list'));
  await page.getByRole('button', { name: 'Показать', exact: true }).click();
  await answered;
}

// The audit's days are Minsk days (UTC+3).
const minskToday = () => new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);

test('the supervisor filters, pages, verifies and exports the audit log; a clerk may not', async ({ page, browser, harness }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await createSupervisor(page, SUPERVISOR);

  // The clerk, at a workstation of their own: more searches than one page of the audit screen.
  const clerk = await loginThroughApi(harness.url, CLERK);
  for (let i = 0; i < SEARCHES; i++) {
    const searched = await clerk.call('journal.list', { idNumber: ID_NUMBER });
    expect(searched.ok).toBe(true);
  }
  const refused = await clerk.call('audit.list', { limit: 10 });
  expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');

  await logout(page);
  await login(page, SUPERVISOR);
  await openSection(page, 'Аудит');
  const title = page.getByRole('heading', { name: 'Аудит', level: 1 });
  await expect(title).toBeFocused();
  const table = page.getByRole('table', { name: 'Записи журнала аудита, новые сверху' });
  await expect(table).toBeVisible();
  const filters = page.getByRole('form', { name: 'Условия отбора' });

  // By clerk: only the clerk's rows, 50 and then the rest.
  await filters.getByLabel('Сотрудник', { exact: true }).selectOption({ label: `${CLERK.fullName} (${CLERK.login})` });
  await apply(page);
  await expect(page.getByText('Показано записей: 50; есть более ранние')).toBeVisible();
  expect(new Set(await column(table, 3))).toEqual(new Set([`${CLERK.fullName} (${CLERK.login})`]));
  await page.getByRole('button', { name: 'Показать ещё' }).click();
  await expect(page.getByRole('button', { name: 'Показать ещё' })).toHaveCount(0);
  const byClerk = Number(/Показано записей: (\d+)\./.exec((await page.getByText(/^Показано записей: \d+\.$/).textContent()) ?? '')?.[1]);
  expect(byClerk).toBeGreaterThan(SEARCHES);
  await expect(table.locator('tbody tr')).toHaveCount(byClerk);
  expect(new Set(await column(table, 3))).toEqual(new Set([`${CLERK.fullName} (${CLERK.login})`]));
  expect(await column(table, 4)).toContain('Вход');

  // And by action: exactly the searches, each with its masked number in the details.
  await filters.getByLabel('Действие', { exact: true }).selectOption({ label: SEARCH_LABEL });
  await apply(page);
  await expect(page.getByText('Показано записей: 50; есть более ранние')).toBeVisible();
  await page.getByRole('button', { name: 'Показать ещё' }).click();
  await expect(page.getByText(`Показано записей: ${SEARCHES}.`, { exact: true })).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(SEARCHES);
  expect(new Set(await column(table, 4))).toEqual(new Set([SEARCH_LABEL]));
  // In words, with the raw record behind «Подробности».
  const first = table.locator('tbody tr').first();
  await expect(first.getByRole('listitem').filter({ hasText: 'Идентификационный номер (скрыт):' })).toHaveText(
    'Идентификационный номер (скрыт): 3**********PB2',
  );
  await first.getByText('Подробности', { exact: true }).click();
  await expect(first.locator('pre')).toContainText('"idMasked": "3**********PB2"');

  // By period (Minsk days): long ago there is nothing; today there is everything again.
  await filters.getByLabel('С', { exact: true }).fill('2000-01-01');
  await filters.getByLabel('По', { exact: true }).fill('2000-01-31');
  await apply(page);
  await expect(page.getByText('Нет записей, подходящих под условия отбора.')).toBeVisible();
  await filters.getByLabel('По', { exact: true }).fill('1999-12-31');
  await page.getByRole('button', { name: 'Показать', exact: true }).click();
  await expect(page.getByText('Конец периода раньше начала. Исправьте даты.')).toBeVisible();
  await filters.getByLabel('С', { exact: true }).fill(minskToday());
  await filters.getByLabel('По', { exact: true }).fill(minskToday());
  await apply(page);
  await expect(page.getByText('Показано записей: 50; есть более ранние')).toBeVisible();

  // The chain is intact; the check reloads the list (it is audited itself, though not as a search).
  await page.getByRole('button', { name: 'Проверить цепочку' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Цепочка записей цела: проверено записей — \d+\./ })).toBeVisible();
  // No registry in this harness: the anchors are said to be unchecked, not silently skipped.
  await expect(page.getByTestId('audit-anchors')).toContainText('Отметки в реестре не проверены');
  await expect(page.getByText('Показано записей: 50; есть более ранние')).toBeVisible();
  await page.getByRole('button', { name: 'Показать ещё' }).click();
  await expect(page.getByText(`Показано записей: ${SEARCHES}.`, { exact: true })).toBeVisible();

  await title.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(projectRoot, 'test-results', 'audit-screen.png') });

  // The export holds the same selection as the screen.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Выгрузить в CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^okno-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByRole('status').filter({ hasText: `Выгружено записей: ${SEARCHES}.` })).toBeVisible();
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const lines = csv
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '');
  expect(lines[0]).toBe(CSV_HEADER);
  const rows = lines.slice(1);
  expect(rows).toHaveLength(await table.locator('tbody tr').count());
  for (const row of rows) expect(row).toMatch(new RegExp(`^\\d+,[^,]+,${CLERK.login},[0-9a-f-]{36},journal\\.searched,`));

  // A clerk has no «Аудит», and the main process refuses the call from the clerk's page too.
  const clerkContext = await browser.newContext();
  try {
    const clerkPage = await clerkContext.newPage();
    await clerkPage.goto(harness.url);
    await login(clerkPage, CLERK);
    const nav = clerkPage.getByRole('navigation');
    await expect(nav.getByRole('button', { name: /Журнал/ })).toBeVisible();
    await expect(nav.getByRole('button', { name: /Аудит/ })).toHaveCount(0);
    const answer = await clerkPage.evaluate(
      async (headers) => {
        const res = await fetch('/api/audit.list', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify({ limit: 10 }),
        });
        return (await res.json()) as unknown;
      },
      await transportHeaders(clerkPage),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  } finally {
    await clerkContext.close();
  }
});
