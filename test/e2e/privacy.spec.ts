/**
 * «Персональные данные» end to end, in Chromium against the HTTP harness: the administrator sets
 * the retention period and cannot reach data-subject requests; a clerk takes two applications for
 * one person and cancels one; the supervisor sees the retention status, finds the person, prints
 * what is held (checked as a PDF), erases early what may go with the request reference, and the
 * audit log records it without the person's data; the clerk then sees the erased application
 * without its personal data.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { removeDir, startHarness, tempDir } from '../harness';
import { expect, test } from './fixtures';
import { printSheet } from './print';
import {
  createAdminOnFirstRun,
  createApplication,
  createClerk,
  createSupervisor,
  login,
  logout,
  openSection,
  screenshot,
  transportHeaders,
} from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
const SUPERVISOR = { login: 'chief', fullName: 'Сидорова Мария Ивановна', password: 'chief-password-1' };
const PERSON = { idNumber: '3270287A012PB2', surname: 'Иванов', givenNames: 'Иван', patronymic: 'Иванович', birthDate: '1987-02-27' };
const REQUEST_REF = 'ОГ-2025/17';
const HELD_ELSEWHERE = 'хранит центральный реестр (НЦЭУ)';

const api = async (page: Page, url: string, channel: string, data: unknown = {}) =>
  page.request
    .post(new URL(`api/${channel}`, url).href, { headers: await transportHeaders(page), data })
    .then((r) => r.json() as Promise<unknown>);

/** A block or unblock application for PERSON (no phone involved); returns its journal number. */
async function fillAndCreate(page: Page, section: 'Блокировка' | 'Разблокировка'): Promise<string> {
  await openSection(page, section);
  await page.getByLabel('Идентификационный номер', { exact: true }).fill(PERSON.idNumber);
  await page.getByLabel('Фамилия', { exact: true }).fill(PERSON.surname);
  await page.getByLabel('Имя', { exact: true }).fill(PERSON.givenNames);
  await page.getByLabel('Отчество', { exact: true }).fill(PERSON.patronymic);
  await page.getByLabel('Дата рождения', { exact: true }).fill(PERSON.birthDate);
  await page.getByLabel('Пол', { exact: true }).selectOption({ label: 'Мужской' });
  await page.getByLabel('Тип документа', { exact: true }).selectOption({ label: 'Паспорт гражданина РБ' });
  await page.getByLabel('Серия', { exact: true }).fill('MP');
  await page.getByLabel('Номер документа', { exact: true }).fill('1234567');
  await page.getByLabel('Действителен до', { exact: true }).fill('2031-01-01');
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
  return createApplication(page);
}

test('the administrator sets the retention period and has no access to data-subject requests', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);

  await expect(page.getByRole('navigation').getByRole('button', { name: /^Персональные данные/ })).toHaveCount(0);
  expect(await api(page, harness.url, 'subjects.find', { idNumber: PERSON.idNumber })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });

  await openSection(page, 'Настройки');
  const days = page.getByLabel('Срок хранения персональных данных, дней', { exact: true });
  await expect(days).toHaveValue('30');
  await expect(days).toBeEnabled();
  await expect(page.getByText('Персональные данные решённых и отменённых заявлений удаляются по истечении этого срока')).toBeVisible();

  // Out of range: the form says so as the administrator types, nothing is saved.
  await days.fill('0');
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Не меньше 1 дня.')).toBeVisible();

  await days.fill('90');
  await expect(days).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Настройки сохранены.' })).toBeVisible();
  expect(await api(page, harness.url, 'retention.status')).toMatchObject({ ok: true, value: { retentionDays: 90 } });
  await screenshot(page, 'privacy-settings');

  // A fresh load shows the saved value.
  await page.reload();
  await openSection(page, 'Настройки');
  await expect(page.getByLabel('Срок хранения персональных данных, дней', { exact: true })).toHaveValue('90');
});

test('a period IT set in the config file is shown read-only', async ({ page }) => {
  const configDir = tempDir('okno-config-');
  const configFile = join(configDir, 'okno.config.json');
  writeFileSync(configFile, JSON.stringify({ retentionDays: 60 }));
  const harness = await startHarness({ args: ['--config', configFile] });
  try {
    await createAdminOnFirstRun(page, harness.url, ADMIN);
    await openSection(page, 'Настройки');
    const days = page.getByLabel('Срок хранения персональных данных, дней', { exact: true });
    await expect(days).toHaveValue('60');
    await expect(days).toBeDisabled();
    await expect(days).toHaveAccessibleDescription(/Задано отделом ИТ в файле конфигурации/);
  } finally {
    await harness.stop();
    removeDir(harness.dataDir);
    removeDir(configDir);
  }
});

test('a citizen’s request: report printed, data of the closed application erased early, the open one kept', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await createSupervisor(page, SUPERVISOR);
  await logout(page);

  // The clerk: one application cancelled (closed, its data may go), one signed and queued (may not).
  await login(page, CLERK);
  const cancelled = await fillAndCreate(page, 'Блокировка');
  await page.getByRole('button', { name: 'Аннулировать', exact: true }).click();
  await page.getByLabel('Причина отмены', { exact: true }).fill('Гражданин передумал');
  await page.getByRole('button', { name: 'Аннулировать заявление' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('Отменено');

  const queued = await fillAndCreate(page, 'Разблокировка');
  await page.getByRole('button', { name: 'Печать заявления' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('Ожидает подписи');
  await page.getByRole('button', { name: 'Подписано' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('В очереди');
  await logout(page);

  // The supervisor: the retention card, then the person's applications.
  await login(page, SUPERVISOR);
  await openSection(page, 'Персональные данные');
  await expect(page.getByRole('heading', { level: 1, name: 'Персональные данные' })).toBeVisible();
  await expect(page.getByTestId('retention-days')).toHaveText('30');
  await expect(page.getByTestId('retention-holding')).toHaveText('2');
  await expect(page.getByTestId('retention-purged')).toHaveText('0');
  await expect(page.getByTestId('retention-last-run')).toContainText('удалено заявлений: 0');

  // The number is checked as it is typed.
  const idField = page.getByLabel('Идентификационный номер', { exact: true });
  await idField.fill('3270287A012PB3');
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Контрольная цифра не сходится')).toBeVisible();
  await idField.fill(PERSON.idNumber);
  await expect(idField).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Найти' }).click();

  const table = page.getByRole('table', { name: 'Заявления гражданина, по которым хранятся персональные данные' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const cancelledRow = rows.filter({ hasText: cancelled });
  const queuedRow = rows.filter({ hasText: queued });
  await expect(cancelledRow).toContainText('Блокировка');
  await expect(cancelledRow).toContainText('Отменено');
  await expect(cancelledRow).toContainText(CLERK.fullName);
  await expect(cancelledRow.getByTestId('erase-status')).toHaveText('можно удалить');
  await expect(queuedRow).toContainText('В очереди');
  await expect(queuedRow.getByTestId('erase-status')).toHaveText('ждёт решения реестра');
  await expect(page.getByRole('heading', { name: 'Заявления гражданина с номером 3**********PB2' })).toBeFocused();
  await screenshot(page, 'privacy-screen');

  // «Сведения для гражданина»: what is held, on screen and as a printed PDF.
  await page.getByRole('button', { name: 'Сведения для гражданина' }).click();
  const report = page.getByTestId('subject-report');
  await expect(report).toBeVisible();
  await expect(report).toContainText('Сведения о персональных данных, хранящихся в службе «одно окно»');
  await expect(report).toContainText(`${PERSON.surname} ${PERSON.givenNames} ${PERSON.patronymic}`);
  await expect(report).toContainText(PERSON.idNumber);
  await expect(report).toContainText(`Заявление № ${cancelled} — Блокировка`);
  await expect(report).toContainText(`Заявление № ${queued} — Разблокировка`);
  await expect(report).toContainText('Заявление отменено');
  await expect(report).toContainText('Заявление подписано');
  await expect(report).toContainText(HELD_ELSEWHERE);
  await expect(report).toContainText(`Сведения подготовил(а): ${SUPERVISOR.fullName}`);
  await screenshot(page, 'privacy-report');

  const { text } = await printSheet(page, () => page.getByRole('button', { name: 'Печать', exact: true }).click(), {
    path: 'test-results/privacy-report.pdf',
    inPrint: (paper) => expect(paper).toContainText(PERSON.surname),
  });
  for (const needle of [cancelled, queued, PERSON.surname, PERSON.idNumber, 'центральный реестр', SUPERVISOR.fullName]) {
    expect(text).toContain(needle);
  }

  // «Удалить данные досрочно»: the dialog says what goes and what stays, and wants the request number.
  await page.getByRole('button', { name: 'Удалить данные досрочно' }).click();
  const dialog = page.getByRole('dialog', { name: 'Досрочное удаление персональных данных' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('erase-list')).toContainText(cancelled);
  await expect(dialog.getByTestId('erase-list')).not.toContainText(queued);
  await expect(dialog.getByTestId('keep-list')).toContainText(`№ ${queued} — ждёт решения реестра`);
  await page.screenshot({ path: 'test-results/privacy-erase-dialog.png' });
  await dialog.getByRole('button', { name: 'Удалить данные' }).click();
  await expect(dialog.getByText('Укажите номер обращения гражданина.')).toBeVisible();
  await dialog.getByLabel('Номер обращения гражданина', { exact: true }).fill(REQUEST_REF);
  await dialog.getByRole('button', { name: 'Удалить данные' }).click();
  await expect(dialog).toBeHidden();

  const result = page.getByTestId('erase-result');
  await expect(result).toContainText('Персональные данные удалены, заявлений: 1.');
  await expect(result).toContainText(`№ ${queued} — ждёт решения реестра`);
  // The harness's data folder has no pre-upgrade backup: the screen says the backups hold none of it.
  await expect(result).toContainText('В резервных копиях базы, сделанных перед обновлениями программы, этих данных нет.');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(queued);
  await expect(page.getByTestId('subject-report')).toHaveCount(0);
  await expect(page.getByTestId('retention-holding')).toHaveText('1');
  await expect(page.getByTestId('retention-purged')).toHaveText('1');

  // The audit log has the erase with the request number, and nothing that leads to the person.
  const audit = (await api(page, harness.url, 'audit.list', { action: 'subject.erased' })) as {
    ok: boolean;
    value: { entries: { actorLogin: string; details: Record<string, unknown> }[] };
  };
  expect(audit.ok).toBe(true);
  expect(audit.value.entries).toHaveLength(1);
  const entry = audit.value.entries[0];
  expect(entry).toMatchObject({ actorLogin: SUPERVISOR.login, details: { requestRef: REQUEST_REF, erased: 1, applications: [cancelled] } });
  const serialized = JSON.stringify(entry);
  for (const secret of [PERSON.surname, PERSON.idNumber, PERSON.idNumber.slice(0, 7)]) expect(serialized).not.toContain(secret);

  // Leaving the screen leaves nothing of the person in the page.
  await openSection(page, 'Журнал');
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал' })).toBeVisible();
  await expect(page.getByTestId('print-layer')).toHaveCount(0);
  const html = await page.content();
  for (const secret of [`${PERSON.surname} ${PERSON.givenNames}`, PERSON.idNumber, HELD_ELSEWHERE]) expect(html).not.toContain(secret);
  await logout(page);

  // The clerk opens the erased application: its journal facts, no personal data.
  await login(page, CLERK);
  await openSection(page, 'Журнал');
  await page.getByRole('row', { name: new RegExp(cancelled) }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Заявление № ${cancelled}` })).toBeVisible();
  await expect(page.getByText('Персональные данные удалены — по истечении срока хранения или по обращению гражданина.')).toBeVisible();
  await expect(page.getByText(PERSON.idNumber)).toHaveCount(0);
  await expect(page.getByTestId('application-state')).toHaveText('Отменено');
});
