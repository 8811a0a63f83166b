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

const RUSSIAN_ONLY = /[ИиЩщЪъ]/;
/** Data, not interface: the first administrator's name as the first run stores it. */
const DATA = new Set(['Администратор']);
const ENGLISH_DATE =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|AM|PM)\b|\d{1,2}\/\d{1,2}\/\d{2,4}/;

/** In Belarusian: words with letters Belarusian does not have (и, щ, ъ), and English dates. */
async function russianLeft(page: Page, where: string): Promise<string[]> {
  // Text nodes outside elements marked as another language (the «Русский» button names itself in Russian).
  const text = (await page.evaluate(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const marked = node.parentElement && node.parentElement.closest('[lang]');
      if (marked && marked.getAttribute('lang') !== 'be') continue;
      out.push(node.nodeValue);
    }
    return out.join(' ');
  })()`)) as string;
  const words = [...new Set(text.split(/[^\p{L}\p{N}/:]+/u).filter((w) => !DATA.has(w) && (RUSSIAN_ONLY.test(w) || ENGLISH_DATE.test(w))))];
  const dates = ENGLISH_DATE.exec(text);
  return [...words, ...(dates ? [dates[0]] : [])].map((w) => `${where}: «${w}»`);
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
    if (who.startsWith('Беларуская')) found.push(...(await russianLeft(page, `${who} › ${name}`)));
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
