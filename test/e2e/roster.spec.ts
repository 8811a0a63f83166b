/**
 * The office roster on «Сотрудники» (issue 14): the harness (its own process) and the reference
 * registry on 127.0.0.1. The administrator disables a clerk while the registry is away; meanwhile
 * another desk of the office changed the same clerk at the registry. When the registry is back the
 * later change there wins: this desk takes it, and the screen says what was lost until «Понятно».
 */
import { startCentralServer, type CentralServer } from '../central/server';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createClerk, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };

let central: CentralServer;
test.beforeEach(async () => {
  central = await startCentralServer({ port: 0, decisionDelayMs: 100, seed: 14 });
});
test.afterEach(async () => {
  await central.close();
});

test('a change that lost to another desk’s is shown on «Сотрудники» until acknowledged', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await openSection(page, 'Настройки');
  await page.getByLabel('Адрес реестра', { exact: true }).fill(central.url);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  const token = page.getByRole('region', { name: 'Токен рабочего места' });
  await token.getByLabel('Новый токен').fill('dev-token');
  await token.getByRole('button', { name: 'Сохранить токен' }).click();
  await expect(token.getByText('Токен сохранён.')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Реестр' })).toContainText('на связи');
  const row = await createClerk(page, CLERK);
  const panel = page.getByTestId('roster-panel');
  // Pushed at once.
  await expect.poll(() => central.state.rosterEntry('00', CLERK.login)?.version).toBe(1);

  await central.stop();
  await row.getByRole('button', { name: 'Отключить' }).click();
  // The run the change started finds the registry away.
  await expect(page.getByRole('status', { name: 'Реестр' })).toContainText('нет связи');
  await expect(page.getByText(`Учётная запись ${CLERK.login} отключена.`)).toBeVisible();
  await expect(panel).toContainText('Изменения учётных записей ждут отправки в реестр: 1.');
  const held = central.state.rosterEntry('00', CLERK.login);
  if (held === undefined) throw new Error('not in the roster');
  central.state.putRosterEntry('00', { ...held, fullName: 'Петрова-Сидорова Анна Сергеевна', updatedBy: '00/2/chief.admin' }, 1);
  await central.start();

  // The desk finds the registry by itself; «Обновить» reloads the screen's figures.
  await expect(async () => {
    await page.getByRole('button', { name: 'Обновить', exact: true }).click();
    await expect(panel).toContainText('не сохранено', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(panel).toContainText(`Изменение учётной записи ${CLERK.login}, сделанное на этом рабочем месте, не сохранено`);
  await expect(panel).toContainText('00/2/chief.admin');
  await expect(panel).toContainText('Не сохранено: ФИО, включение или отключение.');
  await expect(panel).not.toContainText('ждут отправки');
  // This desk ends with the winning entry: the new name, still enabled.
  const winner = page.getByRole('row', { name: new RegExp(CLERK.login) });
  await expect(winner).toContainText('Петрова-Сидорова Анна Сергеевна');
  await expect(winner).toContainText('активен');

  await panel.getByRole('button', { name: 'Понятно' }).click();
  await expect(panel).not.toContainText('не сохранено');
});
