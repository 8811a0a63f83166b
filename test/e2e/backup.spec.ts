/**
 * Issue 17: a backup that fails (IT's folder is missing) shows in the administrator's header,
 * pushed live when a clerk's signing tries a backup; the clerk's header never shows it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, startHarness, tempDir } from '../harness';
import { syntheticPerson } from '../support/sync-load';
import { expect, test } from './fixtures';
import { createAdminOnFirstRun, createClerk, login, loginThroughApi, logout } from './steps';

const ADMIN = { login: 'admin', password: 'admin-password-1' };
const CLERK = { login: 'operator', fullName: 'Петрова Анна Сергеевна', password: 'clerk-password-1' };

test('a failed backup: «Копия — ошибка» with what to do for the administrator, nothing for the clerk', async ({ page }) => {
  const configDir = tempDir('okno-config-');
  const configFile = join(configDir, 'okno.config.json');
  const recoveryPublicKey = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(configFile, JSON.stringify({ backup: { folder: join(configDir, 'not-mounted'), recoveryPublicKey } }));
  const harness = await startHarness({ args: ['--config', configFile] });
  try {
    await createAdminOnFirstRun(page, harness.url, ADMIN);
    const slot = page.getByRole('status', { name: 'Копия' });
    await expect(slot).toContainText('ещё не делалась');
    await createClerk(page, CLERK);

    // A clerk signs at another desk session: the signing asks for a backup, which fails.
    const clerk = await loginThroughApi(harness.url, CLERK);
    const p = syntheticPerson(4242);
    const doc = p.documents[0];
    const created = await clerk.call<{ id: string }>('applications.create', {
      procedure: 'issue',
      idNumber: p.idNumber,
      person: {
        surname: p.surname,
        givenNames: p.givenNames,
        patronymic: p.patronymic,
        birthDate: p.birthDate,
        sex: p.sex,
        citizenship: p.citizenship,
      },
      document: doc,
      phone: p.phone,
      consent: true,
    });
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await clerk.call('applications.markPrinted', { id: created.value.id })).ok).toBe(true);
    expect((await clerk.call('applications.sign', { id: created.value.id })).ok).toBe(true);

    await expect(slot).toContainText('ошибка');
    await expect(slot).toHaveAttribute('title', /Папка резервных копий не найдена\. Проверьте, что сетевой диск подключён/);
    await logout(page);

    await login(page, CLERK);
    await expect(page.getByRole('status', { name: 'Реестр' })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Копия' })).toHaveCount(0);
  } finally {
    await harness.stop();
    removeDir(harness.dataDir);
    removeDir(configDir);
  }
});
