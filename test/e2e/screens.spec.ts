/**
 * Issue 16, screens a clerk reads at a glance: every section of each role opens by its own key and
 * no key hint overflows its button at 1366×768; the identification number is normalised as it is
 * typed (only O/I/l at a digit position is offered as a correction); blocking is confirmed naming
 * the citizen and the UID; the cancel dialog's buttons cannot be confused; the old phone's label.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createApplication, createClerk, createSupervisor, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
const SUPERVISOR = { login: 'chief', fullName: 'Жук Ольга Петровна', password: 'chief-password-1' };

type Overflow = { label: string; problem: string };

/** Every navigation button's key hint and label, and the header, as laid out now: what overflows or collides. */
async function navOverflows(page: Page): Promise<Overflow[]> {
  // A string, not a function: this file is compiled without the DOM's types.
  return (await page.evaluate(`(() => {
    const out = [];
    const nav = document.querySelector('nav.nav');
    for (const button of nav.querySelectorAll('.nav__item')) {
      const label = button.querySelector('.nav__label');
      const key = button.querySelector('.nav__shortcut');
      const name = label.textContent;
      if (!key) { out.push({ label: name, problem: 'no key hint' }); continue; }
      if (button.scrollWidth > button.clientWidth) out.push({ label: name, problem: 'button overflows' });
      if (key.scrollWidth > key.clientWidth) out.push({ label: name, problem: 'key hint overflows' });
      if (label.scrollWidth > label.clientWidth) out.push({ label: name, problem: 'label overflows' });
      const l = label.getBoundingClientRect(), k = key.getBoundingClientRect(), b = button.getBoundingClientRect();
      if (l.right > k.left) out.push({ label: name, problem: 'label runs into its key hint' });
      if (k.right > b.right || k.left < b.left) out.push({ label: name, problem: 'key hint outside its button' });
    }
    const hint = nav.querySelector('.nav__hint');
    if (hint.scrollWidth > hint.clientWidth) out.push({ label: 'hint', problem: 'hint overflows' });
    if (nav.scrollHeight > nav.clientHeight) out.push({ label: 'nav', problem: 'sections and hint do not fit in the window' });
    // The header: nothing pushed past the window's edge («Выйти» was, with the administrator's four indicators).
    const header = document.querySelector('header.header');
    if (header.scrollWidth > header.clientWidth) out.push({ label: 'header', problem: 'header overflows' });
    for (const button of header.querySelectorAll('button')) {
      const r = button.getBoundingClientRect();
      if (r.right > window.innerWidth || r.left < 0) out.push({ label: button.textContent, problem: 'header button outside the window' });
    }
    return out;
  })()`)) as Overflow[];
}

/** Opens each section by its key, from the last one down; returns how many sections the role has. */
async function walkByKeys(page: Page, who: string): Promise<number> {
  const buttons = page.getByRole('navigation').getByRole('button');
  const count = await buttons.count();
  for (let i = count - 1; i >= 0; i--) {
    const button = buttons.nth(i);
    const keys = await button.getAttribute('aria-keyshortcuts');
    expect(keys, `${who}: section ${i + 1} has a key`).toMatch(/^Alt\+(Shift\+)?\d$/);
    await expect(button.locator('kbd')).toHaveText(keys ?? '');
    await page.keyboard.press(keys ?? '');
    await expect(button, `${who}: ${keys ?? ''} opens section ${i + 1}`).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  expect(await navOverflows(page), who).toEqual([]);
  return count;
}

test('every section of each role opens by its own key; no key hint overflows at 1366×768', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await createSupervisor(page, SUPERVISOR);
  const counts: Record<string, number> = {};
  counts.admin = await walkByKeys(page, 'admin');
  await logout(page);
  for (const account of [SUPERVISOR, CLERK]) {
    await login(page, account);
    counts[account.login] = await walkByKeys(page, account.login);
    // Belarusian labels are laid out too.
    await page.getByRole('button', { name: 'Беларуская' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'be');
    expect(await navOverflows(page), `${account.login} in Belarusian`).toEqual([]);
    await page.getByRole('button', { name: 'Русский' }).click();
    await logout(page);
  }
  // The supervisor has more than ten sections: the eleventh and later are Alt+Shift+digit.
  expect(counts).toEqual({ admin: 5, chief: 13, operator: 9 });
});

test('the ID number is normalised as typed; blocking is confirmed; the cancel dialog cannot be confused', async ({ page, harness }) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);

  // «Смена телефона»: the old phone is not labelled like the new one.
  await openSection(page, 'Смена телефона');
  await expect(page.getByLabel('Прежний номер телефона', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Мобильный телефон', { exact: true })).toHaveCount(0);

  await openSection(page, 'Блокировка');
  const id = page.getByLabel('Идентификационный номер', { exact: true });
  const offer = page.getByRole('button', { name: /^Исправить на / });
  const idError = page.locator('#app-block-idNumber-error');

  // ID-V1 typed in lower case with a hyphen and a space: accepted as it is typed, no click.
  await id.pressSequentially('3270287-a012 pb2');
  await expect(id).toHaveValue('3270287A012PB2');
  await page.getByLabel('Фамилия', { exact: true }).focus();
  await expect(offer).toHaveCount(0);
  await expect(idError).toHaveCount(0);
  await expect(id).not.toHaveAttribute('aria-invalid', 'true');

  // An edit in the middle keeps the caret where it was typed (after the 8th character).
  await id.fill('3270287012PB2');
  await id.press('Home');
  for (let i = 0; i < 7; i++) await id.press('ArrowRight');
  await id.press('a');
  await expect(id).toHaveValue('3270287A012PB2');
  expect(await id.evaluate((el) => (el as unknown as { selectionStart: number | null }).selectionStart)).toBe(8);

  // Letter O at a digit position (and a Cyrillic а): the look-alike is fixed, the O only offered.
  await id.fill('');
  await id.pressSequentially('327o287а012pb2');
  await expect(id).toHaveValue('327O287A012PB2');
  await expect(offer).toHaveText('Исправить на 3270287A012PB2');
  await offer.click();
  await expect(id).toHaveValue('3270287A012PB2');
  await expect(offer).toHaveCount(0);

  await page.getByLabel('Фамилия', { exact: true }).fill('Иванов');
  await page.getByLabel('Имя', { exact: true }).fill('Иван');
  await page.getByLabel('Отчество', { exact: true }).fill('Иванович');
  await page.getByLabel('Дата рождения', { exact: true }).fill('1987-02-27');
  await page.getByLabel('Пол', { exact: true }).selectOption({ label: 'Мужской' });
  await page.getByLabel('Тип документа', { exact: true }).selectOption({ label: 'Паспорт гражданина РБ' });
  await page.getByLabel('Серия', { exact: true }).fill('MP');
  await page.getByLabel('Номер документа', { exact: true }).fill('1234567');
  await page.getByLabel('Действителен до', { exact: true }).fill('2031-01-01');
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();

  // «Заблокировать УИ …?» names the UID and the citizen; going back creates nothing.
  await page.getByRole('button', { name: 'Создать заявление' }).click();
  const ask = page.getByRole('dialog', { name: 'Заблокировать УИ 3270287A012PB2?' });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('Гражданин: Иванов Иван Иванович.');
  await ask.getByRole('button', { name: 'Вернуться к заявлению' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Блокировка уникального идентификатора' })).toBeVisible();
  await openSection(page, 'Журнал');
  await expect(page.locator('.journal__empty')).toBeVisible();
  await openSection(page, 'Блокировка');
  const journalNo = await createApplication(page);

  // The cancel dialog: «Аннулировать заявление» (danger) and «Вернуться к заявлению», no «Отмена».
  await page.getByRole('button', { name: 'Аннулировать', exact: true }).click();
  const cancel = page.getByRole('dialog', { name: `Аннулирование заявления № ${journalNo}` });
  await expect(cancel).toBeVisible();
  await expect(cancel.getByRole('button')).toHaveText(['Аннулировать заявление', 'Вернуться к заявлению']);
  await expect(cancel.getByRole('button', { name: 'Аннулировать заявление' })).toHaveClass(/button--danger/);
  await cancel.getByRole('button', { name: 'Вернуться к заявлению' }).click();
  await expect(cancel).toHaveCount(0);
  await expect(page.getByTestId('application-state')).toHaveText('Черновик');
});
