/**
 * axe-core on every screen of every role, in Russian and in Belarusian: the first run, login, and
 * each section of the administrator, the supervisor and the clerk. Any violation, of any impact,
 * fails with the rule and the elements it found.
 */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createClerk, createSupervisor, login, logout } from './steps';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
const SUPERVISOR = { login: 'chief', fullName: 'Сидоров Павел Ильич', password: 'chief-password-1' };

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

/** Opens each section of the navigation in turn and checks it; returns every violation found. */
async function walkSections(page: Page, who: string): Promise<string[]> {
  const found: string[] = [];
  const nav = page.getByRole('navigation');
  const count = await nav.getByRole('button').count();
  for (let i = 0; i < count; i++) {
    const button = nav.getByRole('button').nth(i);
    const name = ((await button.textContent()) ?? '').trim();
    await button.click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    found.push(...(await axe(page, `${who} › ${name}`)));
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
