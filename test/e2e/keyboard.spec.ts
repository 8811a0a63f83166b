/**
 * The clerk's keyboard path (issue 16): from the scan to «В очереди» for «Выдача УИ» with keys
 * only, at most 12 keys besides the data typed (names, phone, SMS code). The harness in its own
 * process, the card reader simulator on a socat pty, the reference registry on 127.0.0.1,
 * Chromium. After each action the test asserts where focus is; every key that is not typed data
 * is counted. Printing in the harness is recorded, not a dialog (print.ts): «Печать заявления»
 * prints at once, as a clerk expects of the desk's printer.
 * Then the next scan: a scan-filled date is no Tab stop until Shift+Tab, and «Проверить» (the UID
 * in the registry) gives focus to its answer.
 * Also: focus after creating the first administrator and after signing in, Esc or «Отмена» on a
 * dialog returns focus to the button that opened it, and an empty required date says «Укажите …».
 */
import type { Locator, Page } from '@playwright/test';
import { startCentralServer, type CentralServer } from '../central/server';
import { loadDemoPeople } from '../central/demo-people';
import { openReaderSimulator, type ReaderSimulator } from '../simulators/card-reader';
import { mrzOf } from '../simulators/mrz-make';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { expect, test } from './fixtures';
import { printRequestCount } from './print';
import { configureReader, configureRegistry, createAdminOnFirstRun, createClerk, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
const BUDGET = 12;

/** A person of the demo registry without a UID (test/central/demo-people.ts): Ярошевич Дарья Олеговна, passport. */
const citizen = loadDemoPeople().find((p) => p.idNumber === '6300806B014PB1');
const PHONE = { typed: '+375 29 700-11-02', e164: '+375297001102' };

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Keys pressed through page.keyboard: `press` is a counted key, `type` is the citizen's data (not counted). */
class Keys {
  count = 0;
  readonly log: string[] = [];
  constructor(private readonly page: Page) {}
  async press(key: string, why: string): Promise<void> {
    this.count += 1;
    this.log.push(`${key} (${why})`);
    await this.page.keyboard.press(key);
  }
  type(text: string): Promise<void> {
    return this.page.keyboard.type(text);
  }
}

async function focused(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
}

test.describe('with the registry and the card reader', () => {
  let central: CentralServer;
  let readerPair: PtyPair;
  let reader: ReaderSimulator;
  test.beforeEach(async () => {
    central = await startCentralServer({ port: 0, decisionDelayMs: 100, exposeSms: true, seed: 16 });
    readerPair = await createPtyPair();
    reader = await openReaderSimulator(readerPair.simPath);
  });
  test.afterEach(async () => {
    await reader.close();
    await readerPair.close();
    await central.close();
  });

  test(`«Выдача УИ» from the scan to «В очереди» with keys only: at most ${BUDGET} keys besides the typed data, focus asserted after each action`, async ({
    page,
    harness,
  }) => {
    if (!citizen) throw new Error('6300806B014PB1 is not in the demo registry');
    const [doc] = citizen.documents;
    if (!doc) throw new Error('demo person without a document');
    await createAdminOnFirstRun(page, harness.url, ADMIN);
    await configureRegistry(page, central);
    await configureReader(page, readerPair.devicePath);
    await createClerk(page, CLERK);
    await logout(page);
    await login(page, CLERK);
    await openSection(page, 'Выдача УИ');
    const keys = new Keys(page);

    // The scan fills what the MRZ tells; focus is on the first field it could not fill.
    await reader.send(mrzOf(citizen, doc), { framing: 'stx', chunkSize: 'random' });
    await expect(field(page, 'Идентификационный номер')).toHaveValue(citizen.idNumber);
    await expect(field(page, 'Дата рождения')).toHaveValue(citizen.birthDate.split('-').reverse().join('.'));
    await focused(field(page, 'Фамилия'));
    // The dates the scan filled are no Tab stops.
    for (const label of ['Дата рождения', 'Действителен до']) await expect(field(page, label)).toHaveAttribute('tabindex', '-1');

    await keys.type(citizen.surname);
    await keys.press('Enter', 'to Имя');
    await focused(field(page, 'Имя'));
    await keys.type(citizen.givenNames);
    await keys.press('Enter', 'to Отчество');
    await focused(field(page, 'Отчество'));
    await keys.type(citizen.patronymic ?? '');
    // The next empty field to fill: the phone (the scan filled the birth date and the document).
    await keys.press('Enter', 'to the phone');
    await focused(field(page, 'Мобильный телефон'));
    await keys.type(PHONE.typed);
    await keys.press('Enter', 'send the code');
    await expect(page.getByText(/Код отправлен на номер/)).toBeVisible();
    await focused(field(page, 'Код из SMS'));
    const code = central.state.smsMessages(PHONE.e164)[0]?.code ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await keys.type(code);
    await keys.press('Enter', 'check the code');
    await expect(page.getByText('Телефон подтверждён')).toBeVisible();
    const consent = page.getByLabel('Согласие на сверку персональных данных с МВД');
    await focused(consent);
    await keys.press('Space', 'tick the consent');
    await expect(consent).toBeChecked();
    // Enter on the last field moves to «Создать заявление»; it does not press it.
    await keys.press('Enter', 'to «Создать заявление»');
    await focused(button(page, 'Создать заявление'));
    await expect(page.getByRole('heading', { level: 1, name: /^Заявление № / })).toHaveCount(0);
    await keys.press('Enter', 'create');
    await expect(page.getByRole('heading', { level: 1, name: /^Заявление № / })).toBeVisible();
    await focused(button(page, 'Печать заявления'));
    const printsBefore = printRequestCount(page);
    await keys.press('Enter', 'print');
    await expect(page.getByTestId('application-state')).toHaveText('Ожидает подписи');
    // The page asks to print once the print layer holds the paper (a moment after the state changed).
    await expect.poll(() => printRequestCount(page)).toBe(printsBefore + 1);
    await focused(button(page, 'Подписано'));
    await keys.press('Enter', 'signed');
    // «В очереди», or already on its way to the registry (it answers within 100 ms).
    await expect(page.getByTestId('application-state')).toHaveText(/^(В очереди|Отправлено|Одобрено)$/);
    await focused(button(page, 'Новое заявление'));

    console.log(`keyboard path «Выдача УИ»: ${keys.count} keys besides the typed data: ${keys.log.join(', ')}`);
    expect(keys.count, keys.log.join(', ')).toBeLessThanOrEqual(BUDGET);

    // «Новое заявление»: the empty form of the same procedure, ready for the next scan.
    await page.keyboard.press('Enter');
    await focused(page.getByRole('heading', { level: 1, name: 'Выдача уникального идентификатора' }));
    await expect(field(page, 'Идентификационный номер')).toHaveValue('');

    // The next scan: Tab from «Отчество» passes the scanned birth date; going back (Shift+Tab) reaches it.
    await reader.send(mrzOf(citizen, doc), { framing: 'stx', chunkSize: 'random' });
    await focused(field(page, 'Фамилия'));
    await field(page, 'Отчество').click();
    await page.keyboard.press('Tab');
    await focused(field(page, 'Фамилия латиницей (как в MRZ)'));
    await page.keyboard.press('Shift+Tab');
    await focused(field(page, 'Дата рождения'));
    await expect(field(page, 'Дата рождения')).not.toHaveAttribute('tabindex', '-1');

    // «Проверить» (the UID in the registry): focus goes to the answer, not to the page.
    await button(page, 'Проверить').focus();
    await page.keyboard.press('Enter');
    const answer = page.locator('.uid-lookup__result');
    await expect(answer).toContainText(/^УИ /);
    await focused(answer);
  });
});

test('focus after the first administrator and after signing in is on the screen; Esc on a dialog returns it to the opener', async ({
  page,
  harness,
}) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await focused(page.locator('main h1'));
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await focused(page.locator('main h1'));

  const opener = page.getByRole('banner').getByRole('button', { name: 'Сменить пароль' }).first();
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(opener).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await focused(opener);

  // A dialog closed by its own «Отмена» button gives focus back too.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Отмена', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await focused(opener);
});

test('a required date left empty says «Укажите …»; a date field takes digits and puts the dots itself', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await openSection(page, 'Блокировка');
  await button(page, 'Создать заявление').click();
  await expect(page.getByText('Укажите дату рождения.')).toBeVisible();
  await expect(page.getByText('Укажите, до какой даты действителен документ.')).toBeVisible();
  // Digits only: the mask puts the dots.
  await field(page, 'Дата рождения').focus();
  await page.keyboard.type('06081963');
  await expect(field(page, 'Дата рождения')).toHaveValue('06.08.1963');
  await expect(page.getByText('Укажите дату рождения.')).toHaveCount(0);
});
