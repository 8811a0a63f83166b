/**
 * axe-core on every screen of every role, in Russian and in Belarusian: the first run, login, and
 * each section of the administrator, the supervisor and the clerk. Any violation, of any impact,
 * fails with the rule and the elements it found.
 */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { russianLeft } from './language-check';
import { createAdminOnFirstRun, createClerk, createSupervisor, login, logout, openSection } from './steps';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
// Names without и, щ, ъ: the Belarusian walk flags those letters as Russian left in the interface.
const SUPERVISOR = { login: 'chief', fullName: 'Жук Ольга Петровна', password: 'chief-password-1' };

type AxeResult = { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> };

// The page's CSP allows only its own scripts; axe is injected by the test, not served by the app.
test.use({ bypassCSP: true });

/** The violations on the page as it is now, one line each. */
async function axe(page: Page, where: string): Promise<string[]> {
  // Strings, not functions: this file is compiled without the DOM's types.
  if ((await page.evaluate("typeof window.axe === 'object'")) !== true) await page.addScriptTag({ path: AXE });
  const result = (await page.evaluate("window.axe.run(document, { resultTypes: ['violations'] })")) as AxeResult;
  return result.violations.map((v) => `${where}: ${v.id} (${v.impact ?? '?'}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Data, not interface: the first administrator's name as the first run stores it. */
const DATA = ['Администратор'];

/** Opens each section of the navigation in turn and checks it; returns every violation found. */
async function walkSections(page: Page, who: string): Promise<string[]> {
  const found: string[] = [];
  const nav = page.getByRole('navigation');
  const count = await nav.getByRole('button').count();
  for (let i = 0; i < count; i++) {
    const button = nav.getByRole('button').nth(i);
    // The label alone (the key hint beside it is not part of the section's name).
    const name = ((await button.locator('.nav__label').textContent()) ?? '').trim();
    await button.click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    found.push(...(await axe(page, `${who} › ${name}`)));
    if (who.startsWith('Беларуская')) found.push(...(await russianLeft(page, `${who} › ${name}`, DATA)));
    // For a person to look at: every screen at the size of an office monitor (1366×768).
    await page.screenshot({ path: `test-results/screens/${who} › ${name}.png`.replace(/[ ›]+/g, '-') });
  }
  return found;
}

async function chooseLanguage(page: Page, language: 'Русский' | 'Беларуская'): Promise<void> {
  await page.getByRole('button', { name: language }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language === 'Русский' ? 'ru' : 'be');
}

test('every screen of every role passes axe-core in Russian and in Belarusian', async ({ page, harness }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const found: string[] = [];

  await page.goto(harness.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  found.push(...(await axe(page, 'ru › first run')));
  await chooseLanguage(page, 'Беларуская');
  found.push(...(await axe(page, 'be › first run')));
  await chooseLanguage(page, 'Русский');

  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await createSupervisor(page, SUPERVISOR);
  for (const language of ['Русский', 'Беларуская'] as const) {
    await chooseLanguage(page, language);
    found.push(...(await walkSections(page, `${language} › admin`)));
  }
  await chooseLanguage(page, 'Русский');
  await logout(page);
  found.push(...(await axe(page, 'ru › login')));
  await chooseLanguage(page, 'Беларуская');
  found.push(...(await axe(page, 'be › login')));
  await chooseLanguage(page, 'Русский');

  for (const account of [SUPERVISOR, CLERK]) {
    await login(page, account);
    for (const language of ['Русский', 'Беларуская'] as const) {
      await chooseLanguage(page, language);
      found.push(...(await walkSections(page, `${language} › ${account.login}`)));
      // The header's dialogs: the own password change and the notifications.
      await page
        .getByRole('banner')
        .getByRole('button', { name: language === 'Русский' ? 'Сменить пароль' : 'Змяніць пароль' })
        .click();
      await expect(page.getByRole('dialog')).toBeVisible();
      found.push(...(await axe(page, `${language} › ${account.login} › password dialog`)));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^(Уведомления|Апавяшчэнні)/ })
        .click();
      await expect(page.getByRole('dialog')).toBeVisible();
      found.push(...(await axe(page, `${language} › ${account.login} › notifications`)));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    }
    await chooseLanguage(page, 'Русский');
    await logout(page);
  }

  expect(found, found.join('\n')).toEqual([]);
});

type Language = 'Русский' | 'Беларуская';
/** A button's name in each language (the dialogs are opened in both). */
type Names = Record<Language, string>;

/**
 * In each language: opens the dialog with `open`, runs axe on the page with it, closes it with Esc
 * and checks that it is gone. The language is switched while no dialog is open (the header is
 * inert behind a modal dialog).
 */
async function eachDialog(page: Page, what: string, open: (language: Language) => Promise<void>): Promise<string[]> {
  const found: string[] = [];
  for (const language of ['Русский', 'Беларуская'] as const) {
    await chooseLanguage(page, language);
    await open(language);
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    found.push(...(await axe(page, `${language} › ${what}`)));
    if (language === 'Беларуская') found.push(...(await russianLeft(page, `${language} › ${what}`, DATA)));
    // At 1366×768 no button of the dialog runs past its edge or is cut inside itself.
    const clipped = (await page.evaluate(`(() => {
      const dialog = document.querySelector('dialog[open]');
      const box = dialog.getBoundingClientRect();
      return [...dialog.querySelectorAll('button')]
        .filter((b) => { const r = b.getBoundingClientRect(); return r.right > box.right + 0.5 || r.left < box.left - 0.5 || b.scrollWidth > b.clientWidth; })
        .map((b) => b.textContent);
    })()`)) as string[];
    found.push(...clipped.map((name) => `${language} › ${what}: button «${name}» clipped`));
    await page.screenshot({ path: `test-results/screens/dialog-${language}-${what}.png`.replace(/[ ›]+/g, '-') });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  }
  await chooseLanguage(page, 'Русский');
  return found;
}

const CHANGE_ROLE: Names = { Русский: 'Сменить роль', Беларуская: 'Змяніць ролю' };
const RESET_PASSWORD: Names = { Русский: 'Сбросить пароль', Беларуская: 'Скінуць пароль' };
const CREATE: Names = { Русский: 'Создать заявление', Беларуская: 'Стварыць заяву' };
const CANCEL: Names = { Русский: 'Аннулировать', Беларуская: 'Ануляваць' };
const ERASE: Names = { Русский: 'Удалить данные досрочно', Беларуская: 'Выдаліць даныя датэрмінова' };

test('every dialog passes axe-core in Russian and in Belarusian', async ({ page, harness }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const found: string[] = [];
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await createClerk(page, CLERK);
  await createSupervisor(page, SUPERVISOR);

  // The administrator's dialogs on «Сотрудники»: a clerk's role, a clerk's new password.
  const row = page.getByRole('row', { name: new RegExp(CLERK.login) });
  // Each row's buttons name the employee they act on, not only the action.
  await expect(row.getByRole('button', { name: `${CHANGE_ROLE.Русский} ${CLERK.login}`, exact: true })).toBeVisible();
  found.push(...(await eachDialog(page, 'role', (l) => row.getByRole('button', { name: CHANGE_ROLE[l] }).click())));
  found.push(...(await eachDialog(page, 'reset password', (l) => row.getByRole('button', { name: RESET_PASSWORD[l] }).click())));
  await logout(page);

  // The clerk's: «Заблокировать УИ …?» before a block is created, the cancel dialog of an application.
  await login(page, CLERK);
  await openSection(page, 'Блокировка');
  await page.getByLabel('Идентификационный номер', { exact: true }).fill('3270287A012PB2');
  await page.getByLabel('Фамилия', { exact: true }).fill('Жук');
  await page.getByLabel('Имя', { exact: true }).fill('Павел');
  await page.getByLabel('Дата рождения', { exact: true }).fill('1987-02-27');
  await page.getByLabel('Пол', { exact: true }).selectOption({ label: 'Мужской' });
  await page.getByLabel('Тип документа', { exact: true }).selectOption({ label: 'Паспорт гражданина РБ' });
  await page.getByLabel('Серия', { exact: true }).fill('MP');
  await page.getByLabel('Номер документа', { exact: true }).fill('1234567');
  await page.getByLabel('Действителен до', { exact: true }).fill('2031-01-01');
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
  found.push(...(await eachDialog(page, 'block confirmation', (l) => page.getByRole('button', { name: CREATE[l] }).click())));
  await page.getByRole('button', { name: 'Создать заявление' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Заблокировать УИ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Заявление № / })).toBeVisible();
  found.push(...(await eachDialog(page, 'cancel', (l) => page.getByRole('button', { name: CANCEL[l], exact: true }).click())));
  await page.getByRole('button', { name: 'Аннулировать', exact: true }).click();
  await page.getByLabel('Причина отмены', { exact: true }).fill('Гражданин передумал');
  await page.getByRole('button', { name: 'Аннулировать заявление' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('Отменено');
  await logout(page);

  // The supervisor's: early erasure of a citizen's data (the cancelled application's).
  await login(page, SUPERVISOR);
  await openSection(page, 'Персональные данные');
  await page.getByLabel('Идентификационный номер', { exact: true }).fill('3270287A012PB2');
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page.getByRole('button', { name: ERASE.Русский })).toBeEnabled();
  found.push(...(await eachDialog(page, 'erase', (l) => page.getByRole('button', { name: ERASE[l] }).click())));

  expect(found, found.join('\n')).toEqual([]);
});

test('the idle lock dialog passes axe-core and is Belarusian in Belarusian', async ({ page, harness }) => {
  // The shortest idle lock the settings allow (1 min); the harness checks every 15 s. One lock, in
  // Belarusian (the stricter of the two: axe and the word check); its markup is the same in Russian.
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  await openSection(page, 'Настройки');
  await page.getByLabel('Блокировка при бездействии (мин)', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByText('Настройки сохранены.')).toBeVisible();
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await chooseLanguage(page, 'Беларуская');
  const lock = page.getByRole('dialog', { name: 'Сеанс заблакіраваны' });
  await expect(lock).toBeVisible({ timeout: 120_000 });
  const found = [...(await axe(page, 'Беларуская › lock')), ...(await russianLeft(page, 'Беларуская › lock', [CLERK.fullName]))];
  await page.screenshot({ path: 'test-results/screens/dialog-Беларуская-lock.png' });
  expect(found).toEqual([]);
  await lock.getByLabel('Пароль', { exact: true }).fill(CLERK.password);
  await lock.getByRole('button', { name: 'Разблакіраваць' }).click();
  await expect(lock).toHaveCount(0);
});
