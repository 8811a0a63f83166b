/**
 * Issue 16: the application flow in Belarusian, with its errors, leaves no Russian on screen. The
 * harness, the reference registry on 127.0.0.1, the card reader simulator on a socat pty, Chromium
 * with the en-US locale (build/playwright.config.ts). Set up in Russian, then in Belarusian: the
 * home screen, an empty form (field errors), a wrong identification number and a landline phone,
 * an expired document scanned, a registry refusal (blocking a person without a UID), an
 * application created, printed, signed and approved, another refused by the registry (its reason
 * by code), the queue and the notifications. Each step
 * fails on a word with и, щ or ъ outside the data typed (names) and on an English date; dates read
 * `04.12.2026` and `4 снежня 2026`. The printed paper is Russian by design (DESIGN.md «Язык бумаг»).
 */
import type { Page } from '@playwright/test';
import { startCentralServer, type CentralServer } from '../central/server';
import { loadDemoPeople } from '../central/demo-people';
import type { RegistryPerson } from '../central/registry';
import { openReaderSimulator, type ReaderSimulator } from '../simulators/card-reader';
import { mrzOf } from '../simulators/mrz-make';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { expect, test } from './fixtures';
import { russianLeft } from './language-check';
import { configureReader, configureRegistry, createAdminOnFirstRun, createClerk, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
// A name without и, щ, ъ: the header shows it.
const CLERK = { login: 'operator', fullName: 'Жук Ольга Петровна', password: 'clerk-password-1' };

const people = loadDemoPeople();
const person = (idNumber: string): RegistryPerson => {
  const found = people.find((p) => p.idNumber === idNumber);
  if (!found) throw new Error(`${idNumber} is not in the demo registry`);
  return found;
};
const NO_UID = person('3150385M001PB2'); // Ковалёв: blocking him is refused by the registry (UID_NOT_ASSIGNED)
const ACTIVE = person('3030378A045PB1'); // Шевчук: an active UID, «Новы пароль» is taken
const MISTYPED = person('4110588C102PB6'); // Климович: «Новы пароль» with a wrong surname, refused VERIFICATION_MISMATCH
const WRONG_SURNAME = 'Жук';
/** Data typed or stored, not interface: the people's names and the first administrator's. */
const data = ['Администратор', ...[NO_UID, ACTIVE, MISTYPED].flatMap((p) => [p.surname, p.givenNames, p.patronymic ?? ''])];

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const BELARUSIAN_LONG_DATE =
  /\b\d{1,2} (студзеня|лютага|сакавіка|красавіка|мая|чэрвеня|ліпеня|жніўня|верасня|кастрычніка|лістапада|снежня) \d{4}\b/;

/** The person's document scanned, the Cyrillic names typed (the MRZ has them in Latin only), consent given. */
async function scanAndFill(page: Page, reader: ReaderSimulator, who: RegistryPerson, surname = who.surname): Promise<void> {
  const [doc] = who.documents;
  if (!doc) throw new Error('a demo person without documents');
  await reader.send(mrzOf(who, doc), { framing: 'stx' });
  await expect(field(page, 'Ідэнтыфікацыйны нумар')).toHaveValue(who.idNumber);
  await field(page, 'Прозвішча').fill(surname);
  await field(page, 'Імя').fill(who.givenNames);
  await field(page, 'Імя па бацьку').fill(who.patronymic ?? '');
  await page.getByLabel('Згода на зверку персанальных даных з МУС').check();
}

test.describe('in Belarusian, with the registry and the card reader', () => {
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

  test('the application flow with its errors leaves no Russian word and no English date', async ({ page, harness }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const found: string[] = [];
    const check = async (where: string) => found.push(...(await russianLeft(page, where, data)));

    await createAdminOnFirstRun(page, harness.url, ADMIN);
    await configureRegistry(page, central);
    await configureReader(page, readerPair.devicePath);
    await createClerk(page, CLERK);
    await logout(page);
    await login(page, CLERK);
    await page.getByRole('button', { name: 'Беларуская' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'be');

    // The home screen: today as «5 снежня 2026».
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('main')).toContainText(BELARUSIAN_LONG_DATE);
    await check('home');

    // An empty form: every required field says what to do, in Belarusian.
    await openSection(page, 'Выдача УІ');
    await page.getByRole('button', { name: 'Стварыць заяву' }).click();
    await expect(page.locator('.field__error').first()).toBeVisible();
    await expect(page.locator('main')).toContainText('Увядзіце ідэнтыфікацыйны нумар');
    await check('empty form');

    // A wrong identification number (check digit) and a landline number.
    await field(page, 'Ідэнтыфікацыйны нумар').fill('3270287A012PB4');
    await field(page, 'Мабільны тэлефон').fill('+375 17 123-45-67');
    await page.getByRole('button', { name: 'Стварыць заяву' }).click();
    await expect(page.locator('main')).toContainText('Кантрольная лічба не сыходзіцца');
    await expect(page.locator('main')).toContainText('Гэта гарадскі (стацыянарны) нумар');
    await check('wrong identification number and phone');

    // An expired document scanned: refused, and said why.
    const [doc] = NO_UID.documents;
    if (!doc) throw new Error('a demo person without documents');
    await reader.send(mrzOf(NO_UID, { ...doc, expiresAt: '2020-01-31' }), { framing: 'stx' });
    await expect(page.getByRole('alert').filter({ hasText: /Тэрмін дзеяння дакумента скончыўся/ })).toBeVisible();
    await check('expired document');

    // The registry refuses: blocking a person who has no UID.
    await openSection(page, 'Блакіроўка');
    await scanAndFill(page, reader, NO_UID);
    await page.getByRole('button', { name: 'Стварыць заяву' }).click();
    // A block is confirmed first, and the question is Belarusian too.
    const blockDialog = page.getByRole('dialog', { name: /^Заблакіраваць УІ / });
    await expect(blockDialog).toBeVisible();
    await check('block confirmation');
    await blockDialog.getByRole('button', { name: 'Заблакіраваць УІ', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'У грамадзяніна няма ўнікальнага ідэнтыфікатара' })).toBeVisible();
    await check('registry refusal');

    // «Новы пароль» for a person with an active UID: created, printed (a Russian paper), signed, decided.
    await openSection(page, 'Новы пароль');
    await scanAndFill(page, reader, ACTIVE);
    await page.getByRole('button', { name: 'Стварыць заяву' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Заява № / })).toBeVisible();
    // Dates on screen are ours: 05.12.2026 14:57:16, never the browser's en-US.
    await expect(page.locator('main')).toContainText(/\b\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    await check('application');
    await page.getByRole('button', { name: 'Друк заявы' }).click();
    const paper = page.getByTestId('print-layer');
    await expect(paper).toHaveAttribute('lang', 'ru');
    await expect(paper).toContainText('Заявление');
    await check('printed application');
    await page.getByRole('button', { name: 'Падпісана' }).click();
    await expect(page.getByRole('region', { name: 'Рашэнне рэестра' })).toContainText('ухвалена', { timeout: 15_000 });
    await check('decision');

    // A refused decision: the registry's reason by its code, on the application and in the notifications.
    await openSection(page, 'Новы пароль');
    await scanAndFill(page, reader, MISTYPED, WRONG_SURNAME);
    await page.getByRole('button', { name: 'Стварыць заяву' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Заява № / })).toBeVisible();
    await page.getByRole('button', { name: 'Друк заявы' }).click();
    await page.getByRole('button', { name: 'Падпісана' }).click();
    await expect(page.getByRole('region', { name: 'Рашэнне рэестра' })).toContainText('адмоўлена', { timeout: 15_000 });
    await expect(page.locator('main')).toContainText('Даныя не супалі са звесткамі МУС');
    await check('refused decision');

    // The queue and the notifications.
    await openSection(page, 'Чарга адпраўкі');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await check('queue');
    await page
      .getByRole('banner')
      .getByRole('button', { name: /^Апавяшчэнні/ })
      .click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expect(page.getByRole('dialog')).toContainText('ухвалена');
    await expect(page.getByRole('dialog')).toContainText('Даныя не супалі са звесткамі МУС');
    await check('notifications');
    await page.keyboard.press('Escape');

    expect(found, found.join('\n')).toEqual([]);
  });
});
