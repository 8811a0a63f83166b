/**
 * The five procedures end to end, in Chromium against the HTTP harness: a clerk fills the form,
 * creates the application, prints it (the print view is checked in print media and as a PDF),
 * marks it signed. Plus the duplicate block and a bad identification number refused by both the
 * form and the main process.
 */
import type { Page } from '@playwright/test';
import type { Procedure } from '../../preload/contract';
import { expect, test } from './fixtures';
import { printSheet } from './print';
import { createAdminOnFirstRun, createApplication, createClerk, login, logout, openSection, transportHeaders } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };

type Person = { idNumber: string; surname: string; givenNames: string; patronymic: string; birthDate: string; sex: 'Мужской' | 'Женский' };

const IVANOV: Person = {
  idNumber: '3270287A012PB2',
  surname: 'Иванов',
  givenNames: 'Иван',
  patronymic: 'Иванович',
  birthDate: '1987-02-27',
  sex: 'Мужской',
};
const KOVAL: Person = {
  idNumber: '4150285H123PB2',
  surname: 'Коваль',
  givenNames: 'Ольга',
  patronymic: 'Петровна',
  birthDate: '1985-02-15',
  sex: 'Женский',
};

const navLabels: Record<Procedure, string> = {
  issue: 'Выдача УИ',
  block: 'Блокировка',
  unblock: 'Разблокировка',
  change_phone: 'Смена телефона',
  reset_password: 'Новый пароль',
};

/** The operations of the official application form, as it prints them (accusative). */
const operations = {
  issue: 'выдачу',
  block: 'блокировку',
  unblock: 'разблокировку',
  change_phone: 'изменение номера телефона',
} as const;

const UID_FORM = 'Заявление о выдаче (блокировке, разблокировке, изменении номера телефона) уникального идентификатора';
const paperTitles: Record<Procedure, string> = {
  issue: UID_FORM,
  block: UID_FORM,
  unblock: UID_FORM,
  change_phone: UID_FORM,
  reset_password: 'Заявление о восстановлении доступа к личному электронному кабинету',
};

/** First run, the administrator creates an «Оператор», then the clerk is signed in. */
async function signInAsClerk(page: Page, url: string): Promise<void> {
  await createAdminOnFirstRun(page, url, ADMIN);
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
}

async function fillForm(page: Page, procedure: Procedure, person: Person): Promise<void> {
  await openSection(page, navLabels[procedure]);
  await page.getByLabel('Идентификационный номер', { exact: true }).fill(person.idNumber);
  await page.getByLabel('Фамилия', { exact: true }).fill(person.surname);
  await page.getByLabel('Имя', { exact: true }).fill(person.givenNames);
  await page.getByLabel('Отчество', { exact: true }).fill(person.patronymic);
  await page.getByLabel('Дата рождения', { exact: true }).fill(person.birthDate);
  await page.getByLabel('Пол', { exact: true }).selectOption({ label: person.sex });
  await expect(page.getByLabel('Гражданство', { exact: true })).toHaveValue('BLR');
  await page.getByLabel('Тип документа', { exact: true }).selectOption({ label: 'Паспорт гражданина РБ' });
  await page.getByLabel('Серия', { exact: true }).fill('MP');
  await page.getByLabel('Номер документа', { exact: true }).fill('1234567');
  await page.getByLabel('Дата выдачи', { exact: true }).fill('2021-01-15');
  await page.getByLabel('Действителен до', { exact: true }).fill('2031-01-01');
  await page.getByLabel('Кем выдан', { exact: true }).fill('Московское РУВД г. Минска');
  if (procedure === 'issue') await page.getByLabel('Мобильный телефон', { exact: true }).fill('+375 29 123-45-67');
  if (procedure === 'change_phone') {
    await page.getByLabel('Прежний номер телефона', { exact: true }).fill('+375 29 123-45-67');
    await page.getByLabel('Новый мобильный телефон', { exact: true }).fill('+375 44 765-43-21');
  }
  if (procedure === 'block' || procedure === 'unblock' || procedure === 'reset_password') {
    await expect(page.getByLabel('Мобильный телефон', { exact: true })).toHaveCount(0);
  }
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
}

/** Creates the application and returns its journal number, read from the application view. */
async function create(page: Page): Promise<string> {
  const journalNo = await createApplication(page);
  await expect(page.getByTestId('application-state')).toHaveText('Черновик');
  // No registry here: the UID state was not asked, and the application says so.
  await expect(page.getByText('не проверено в реестре', { exact: true })).toBeVisible();
  return journalNo;
}

for (const procedure of ['issue', 'block', 'unblock', 'change_phone', 'reset_password'] as const) {
  test(`${navLabels[procedure]}: form → application → print → signed`, async ({ page, harness }) => {
    await signInAsClerk(page, harness.url);
    await fillForm(page, procedure, IVANOV);
    const journalNo = await create(page);

    // «Подписано» waits for the printed paper.
    const sign = page.getByRole('button', { name: 'Подписано' });
    await expect(sign).toBeDisabled();
    // The page asks to print; what Chromium prints in print media, and a real PDF of it.
    const { text } = await printSheet(page, () => page.getByRole('button', { name: 'Печать заявления' }).click(), {
      inPrint: async (paper) => {
        await expect(paper.getByRole('heading', { level: 1 })).toHaveText(paperTitles[procedure]);
        await expect(paper).toContainText(IVANOV.surname);
        await expect(paper).toContainText(IVANOV.idNumber);
        await expect(paper).toContainText(journalNo);
        if (procedure !== 'reset_password') await expect(paper).toContainText(`☒ ${operations[procedure]}`);
      },
    });
    for (const needle of [IVANOV.surname, IVANOV.idNumber, journalNo]) expect(text).toContain(needle);
    // The official form's wording, read back from the PDF (lines joined: the layout wraps long ones).
    const flat = text.replace(/\s+/g, ' ');
    expect(flat.match(/Документ, удостоверяющий личность/g)).toHaveLength(1);
    if (procedure === 'reset_password') {
      expect(flat).toContain('Заявление о восстановлении доступа к личному электронному кабинету');
      expect(flat).not.toContain('Прошу осуществить');
    } else {
      // Four operations, in the accusative, the procedure's one ticked.
      expect(flat).toContain('Прошу осуществить:');
      for (const [p, words] of Object.entries(operations)) expect(flat).toContain(`${p === procedure ? '☒' : '☐'} ${words}`);
      expect(flat).not.toMatch(/восстановление пароля/);
    }
    // Offline (no registry here): the phone is confirmed later, and the paper says so.
    if (procedure === 'issue' || procedure === 'change_phone') expect(flat).toContain('Подтверждение номера — после восстановления связи');
    else expect(flat).not.toContain('Подтверждение номера');
    await expect(page.getByTestId('application-state')).toHaveText('Ожидает подписи');

    await expect(sign).toBeEnabled();
    await sign.click();
    await expect(page.getByTestId('application-state')).toHaveText('В очереди');
    await expect(page.getByRole('button', { name: 'Аннулировать' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'История заявления' })).toContainText('Заявление подписано');
  });
}

test('a second application for the same person and procedure is blocked', async ({ page, harness }) => {
  await signInAsClerk(page, harness.url);
  await fillForm(page, 'issue', KOVAL);
  const journalNo = await create(page);

  await fillForm(page, 'issue', KOVAL);
  const notice = page.getByRole('alert').filter({ hasText: journalNo });
  await expect(notice).toContainText('уже есть заявление');
  await expect(notice).toContainText('Черновик');
  await expect(page.getByRole('button', { name: 'Создать заявление' })).toBeDisabled();

  // The link opens the existing application.
  await notice.getByRole('button', { name: 'Открыть' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Заявление № ${journalNo}` })).toBeVisible();

  // «Журнал» holds one application, and its row opens it with its history.
  await openSection(page, 'Журнал');
  const rows = page.getByRole('table', { name: 'Заявления, новые сверху' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(journalNo);
  await expect(rows.first()).toContainText('Выдача УИ');
  await expect(rows.first()).toContainText('4**********PB2');
  await expect(rows.first()).toContainText(CLERK.fullName);
  await rows
    .first()
    .getByRole('button', { name: `Открыть заявление № ${journalNo}` })
    .focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Заявление № ${journalNo}` })).toBeVisible();
  const history = page.getByRole('table', { name: 'История заявления' });
  await expect(history).toContainText('Заявление создано');
  await expect(history).toContainText(CLERK.login);
});

test('a wrong check digit is refused by the form and by the main process', async ({ page, harness }) => {
  await signInAsClerk(page, harness.url);
  await fillForm(page, 'issue', { ...IVANOV, idNumber: '3270287A012PB3' });

  const idField = page.getByLabel('Идентификационный номер', { exact: true });
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await idField.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId).toBeDefined();
  await expect(page.locator(`[id="${errorId}"]`)).toContainText('Контрольная цифра не сходится');

  // Creating is impossible: no request leaves, the form stays.
  let created = false;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/applications.create')) created = true;
  });
  await page.getByRole('button', { name: 'Создать заявление' }).click();
  await expect(idField).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: 'Выдача уникального идентификатора' })).toBeVisible();
  expect(created).toBe(false);

  // The same input sent straight to the transport is refused by the main process.
  const response = await page.request.post(new URL('api/applications.create', harness.url).href, {
    headers: await transportHeaders(page),
    data: {
      procedure: 'issue',
      idNumber: '3270287A012PB3',
      person: { surname: 'Иванов', givenNames: 'Иван', birthDate: '1987-02-27', sex: 'M', citizenship: 'BLR' },
      document: { type: 'passport_by', series: 'MP', number: '1234567', expiresAt: '2031-01-01' },
      phone: '+375291234567',
      consent: true,
    },
  });
  const body: unknown = await response.json();
  expect(body).toMatchObject({
    ok: false,
    error: { code: 'validation', fields: { idNumber: expect.stringContaining('Контрольная цифра') } },
  });
});

test('«Главная» shows the clerk’s day, each figure a link', async ({ page, harness }) => {
  await signInAsClerk(page, harness.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Мои заявления за сегодня: 0' })).toBeVisible();
  await fillForm(page, 'block', KOVAL);
  const journalNo = await create(page);

  await openSection(page, 'Главная');
  await expect(page.getByRole('heading', { level: 2, name: 'Мои заявления за сегодня: 1' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Ждут подписи гражданина: 0' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Новые решения реестра: 0' })).toBeVisible();
  // The date is ours, in Russian, whatever the browser's locale (en-US in these tests).
  await expect(
    page.getByText(/^Сегодня (понедельник|вторник|среда|четверг|пятница|суббота|воскресенье), \d{1,2} [а-я]+ \d{4}$/),
  ).toBeVisible();

  // The count opens «Журнал» filtered to that state, today, this clerk.
  await page.getByRole('button', { name: 'Черновик: 1' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал' })).toBeVisible();
  await expect(page.getByLabel('Состояние', { exact: true })).toHaveValue('draft');
  const rows = page.getByRole('table', { name: 'Заявления, новые сверху' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(journalNo);

  // The queue figure opens the queue.
  await openSection(page, 'Главная');
  await page.getByRole('button', { name: /^(Ждут отправки|Состояние очереди)/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Очередь/ })).toBeVisible();
});
