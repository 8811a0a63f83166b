/**
 * The card reader and the label printer end to end: the harness runs in its own process, the
 * simulators sit on socat pty pairs (the app opens the device ends through the real serialport
 * adapter), Chromium shows the screens. The administrator sets both ports on «Устройства» and tries
 * them; a clerk's «Выдача УИ» form is filled by a scan; after «Подписано» the printer holds one
 * label carrying the journal number.
 */
import type { Page } from '@playwright/test';
import { openReaderSimulator, type ReaderSimulator } from '../simulators/card-reader';
import { LabelPrinterSim, type SimLabel } from '../simulators/label-printer';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createApplication, createClerk, login, logout, openSection } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };
const TD3 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M30011563270287A012PB284';
/** NBY12 (docs/design/vectors.md): the same passport, every check digit right, expired on 15.01.2019. */
const TD3_EXPIRED = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M19011593270287A012PB288';
/** The same passport with its birth-date check digit wrong (4 → 5). */
const TD3_BAD = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702275M30011563270287A012PB284';

let readerPair: PtyPair;
let printerPair: PtyPair;
let reader: ReaderSimulator;
let printer: LabelPrinterSim;

test.beforeEach(async () => {
  readerPair = await createPtyPair();
  printerPair = await createPtyPair();
  reader = await openReaderSimulator(readerPair.simPath);
  printer = await LabelPrinterSim.open(printerPair.simPath);
});
test.afterEach(async () => {
  await reader.close();
  await printer.close();
  await readerPair.close();
  await printerPair.close();
});

async function setPort(page: Page, panel: string, path: string): Promise<void> {
  const region = page.getByRole('region', { name: panel });
  await region.getByLabel('Порт', { exact: true }).fill(path);
  await region.getByRole('button', { name: 'Сохранить' }).click();
  await expect(region.getByRole('status').filter({ hasText: 'Настройки сохранены.' })).toBeVisible();
}

const nextLabel = (): Promise<SimLabel> => new Promise((resolve) => printer.once('label', resolve));

test('ports set on «Устройства»; a scan fills «Выдача УИ»; after «Подписано» one label with the journal number', async ({
  page,
  harness,
}) => {
  await createAdminOnFirstRun(page, harness.url, ADMIN);
  const readerStatus = page.getByRole('status', { name: 'Считыватель' });
  const printerStatus = page.getByRole('status', { name: 'Принтер' });
  await expect(readerStatus).toContainText('не настроен');

  // The administrator sets both ports; they take effect without a restart.
  await openSection(page, 'Устройства');
  await expect(page.getByRole('heading', { name: 'Устройства', level: 1 })).toBeVisible();
  await setPort(page, 'Считыватель документов', readerPair.devicePath);
  await expect(readerStatus).toContainText('готов');
  await setPort(page, 'Принтер этикеток', printerPair.devicePath);
  await expect(printerStatus).toContainText('готов');

  // Test read: only the outcome is shown to the administrator, never the document's data.
  const readerPanel = page.getByRole('region', { name: 'Считыватель документов' });
  await readerPanel.getByRole('button', { name: 'Проверить считывание' }).click();
  await expect(readerPanel).toContainText('Положите документ на считыватель');
  await reader.send(TD3, { framing: 'stx', chunkSize: 'random' });
  await expect(readerPanel).toContainText('Документ прочитан, контрольные цифры верны');
  await expect(page.locator('body')).not.toContainText('IVANOU');

  // Test label.
  const printerPanel = page.getByRole('region', { name: 'Принтер этикеток' });
  await expect(printerPanel.getByRole('img', { name: 'Образец этикетки' })).toBeVisible();
  const testLabel = nextLabel();
  await printerPanel.getByRole('button', { name: 'Напечатать тестовую этикетку' }).click();
  expect((await testLabel).fields).toContain('Тестовая этикетка');
  await expect(printerPanel).toContainText('Этикетка напечатана');

  // The clerk.
  await createClerk(page, CLERK);
  await logout(page);
  await login(page, CLERK);
  await openSection(page, 'Выдача УИ');
  const idNumber = page.getByLabel('Идентификационный номер', { exact: true });

  // A bad read says why and fills nothing.
  await reader.send(TD3_BAD, { framing: 'desko', chunkSize: 'random' });
  await expect(page.getByRole('alert').filter({ hasText: 'Документ не считан' })).toContainText('Контрольная цифра даты рождения');
  await expect(idNumber).toHaveValue('');

  // An expired document was read, and refused: it says which one and why (not «не считан»), fills nothing.
  await reader.send(TD3_EXPIRED, { framing: 'desko', chunkSize: 'random' });
  const refused = page.getByRole('alert').filter({ hasText: 'Документ считан, но не принимается' });
  await expect(refused).toContainText('Считано: Паспорт гражданина РБ MP 1234567, IVANOU IVAN.');
  await expect(refused).toContainText('Срок действия документа истёк 15.01.2019.');
  await expect(page.getByRole('alert').filter({ hasText: 'Документ не считан' })).toHaveCount(0);
  await expect(idNumber).toHaveValue('');
  await page.getByRole('button', { name: 'Беларуская' }).click();
  await expect(refused).toHaveCount(0);
  const refusedBe = page.getByRole('alert').filter({ hasText: 'Дакумент счытаны, але не прымаецца' });
  await expect(refusedBe).toContainText('Счытана: Пашпарт грамадзяніна РБ MP 1234567, IVANOU IVAN.');
  await expect(refusedBe).toContainText('Тэрмін дзеяння дакумента скончыўся 15.01.2019.');
  await page.getByRole('button', { name: 'Русский' }).click();

  // A good read fills what the MRZ says; the clerk completes the names in Cyrillic.
  await reader.send(TD3, { framing: 'desko', chunkSize: 'random' });
  await expect(idNumber).toHaveValue('3270287A012PB2');
  await expect(page.getByText('Документ считан. Проверьте данные и впишите фамилию, имя и отчество кириллицей.')).toBeVisible();
  await expect(page.getByLabel('Фамилия латиницей (как в MRZ)')).toHaveValue('IVANOU');
  await expect(page.getByLabel('Имя латиницей (как в MRZ)')).toHaveValue('IVAN');
  await expect(page.getByLabel('Дата рождения', { exact: true })).toHaveValue('27.02.1987');
  await expect(page.getByLabel('Пол', { exact: true })).toHaveValue('M');
  await expect(page.getByLabel('Гражданство', { exact: true })).toHaveValue('BLR');
  await expect(page.getByLabel('Тип документа', { exact: true })).toHaveValue('passport_by');
  await expect(page.getByLabel('Серия', { exact: true })).toHaveValue('MP');
  await expect(page.getByLabel('Номер документа', { exact: true })).toHaveValue('1234567');
  await expect(page.getByLabel('Действителен до', { exact: true })).toHaveValue('15.01.2030');
  await expect(page.getByLabel('Фамилия', { exact: true })).toBeFocused();
  await expect(readerStatus).not.toContainText('откройте процедуру');

  await page.getByLabel('Фамилия', { exact: true }).fill('Иванов');
  await page.getByLabel('Имя', { exact: true }).fill('Иван');
  await page.getByLabel('Отчество', { exact: true }).fill('Иванович');
  await page.getByLabel('Мобильный телефон', { exact: true }).fill('+375 29 123-45-67');
  await page.getByLabel('Согласие на сверку персональных данных с МВД').check();
  const journalNo = await createApplication(page);

  await page.getByRole('button', { name: 'Печать заявления' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('Ожидает подписи');
  const label = nextLabel();
  await page.getByRole('button', { name: 'Подписано' }).click();
  await expect(page.getByTestId('application-state')).toHaveText('В очереди');

  const printed = await label;
  expect(printed.fields).toContain(journalNo);
  expect(printed.zpl).toContain('^CI28');
  expect(printed.zpl).not.toContain('3270287A012PB2');
  const labelBlock = page.getByRole('region', { name: 'Этикетка' });
  await expect(labelBlock.getByRole('table', { name: 'Печать этикетки' })).toContainText('напечатана');
  // One label for the application (the first one printed was the administrator's test label).
  expect(printer.labels.filter((l) => l.fields.includes(journalNo))).toHaveLength(1);
});
