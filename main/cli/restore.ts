/**
 * `npm run restore -- --backup FILE --recovery-key PRIVATE.pem --data-dir NEWDIR [--config FILE]`:
 * a dead desk's backup into a new, empty data folder (main/backup/restore.ts). Plain Node, so the
 * key is kept in the 0600 key file `okno.key`; the Electron app seals it with the OS at its first
 * start there (main/keys.ts moves a plain key into the sealed file).
 *
 * The private key may be protected with a passphrase: it is read from the environment variable
 * OKNO_RECOVERY_PASSPHRASE (never from the command line, which other users can see).
 * Exit codes: 0 restored, 1 refused (wrong key, changed file, folder not empty), 2 cannot run.
 */
import { CannotRun, runCli } from './run-cli';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseJournalNo, restoreBackup } from '../backup/restore';
import { readPrivateKey } from '../backup/recovery-key';
import { loadConfig } from '../config';
import { silentLogger } from '../log';
import { formatJournalNo } from '../../db/repositories/applications-create';

const USAGE = `Восстановление рабочего места Окна из резервной копии.

Использование: npm run restore -- --backup ФАЙЛ.okb --recovery-key ЗАКРЫТЫЙ.pem --data-dir НОВЫЙ_КАТАЛОГ [--config ФАЙЛ]

  --backup ФАЙЛ         резервная копия (okno-backup-….okb)
  --recovery-key ФАЙЛ   закрытый ключ восстановления отдела ИТ (PEM); пароль ключа, если есть, —
                        в переменной окружения OKNO_RECOVERY_PASSPHRASE
  --data-dir КАТАЛОГ    новый пустой каталог данных (в непустой восстановление не делается)
  --config ФАЙЛ         конфигурация нового компьютера: код службы и номер рабочего места в ней,
                        если заданы, должны совпадать с копией
  --journal-after НОМЕР самый большой журнальный номер на бумажных заявлениях погибшего рабочего
                        места (например 2026/000123): заявления после копии в неё не попали, и их
                        номера не будут выданы снова — журнал продолжится после него

Коды завершения: 0 — восстановлено, 1 — отказ (не тот ключ, копия изменена, каталог не пуст),
2 — ошибка в аргументах.`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        backup: { type: 'string' },
        'recovery-key': { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        'journal-after': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CannotRun(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const missing = (['backup', 'recovery-key', 'data-dir'] as const).filter((k) => !values[k]);
  if (missing.length > 0) throw new CannotRun(`не указано: ${missing.map((k) => `--${k}`).join(', ')}.\n\n${USAGE}`);
  const backupFile = resolve(values.backup ?? '');
  if (!existsSync(backupFile)) throw new CannotRun(`файл резервной копии не найден: ${backupFile}`);
  let pem: string;
  try {
    pem = readFileSync(resolve(values['recovery-key'] ?? ''), 'utf8');
  } catch (error) {
    throw new CannotRun(`не удалось прочитать ключ восстановления (${error instanceof Error ? error.message : String(error)}).`);
  }
  let privateKey;
  try {
    privateKey = readPrivateKey(pem, process.env['OKNO_RECOVERY_PASSPHRASE']);
  } catch (error) {
    throw new CannotRun(error instanceof Error ? error.message : String(error));
  }
  const journalAfter = values['journal-after'] === undefined ? undefined : parseJournalNo(values['journal-after']);
  if (journalAfter === null)
    throw new CannotRun(`--journal-after: ожидается журнальный номер вида 2026/03-000123 (или прежний 2026/000123).\n\n${USAGE}`);
  const config = loadConfig(values.config ? resolve(values.config) : null);
  if (!config.ok) throw new CannotRun(config.message);

  const result = await restoreBackup({
    backupFile,
    privateKey,
    dataDir: resolve(values['data-dir'] ?? ''),
    config: config.config,
    log: silentLogger,
    now: () => new Date(),
    ...(journalAfter && { journalAfter }),
  });
  if (!result.ok) {
    process.stderr.write(`restore: ${result.message}\n`);
    return result.code === 'failed' ? 2 : 1;
  }
  const m = result.manifest;
  const lines = [
    `Восстановлено в ${result.dataDir}`,
    `Рабочее место: служба ${m.officeCode}, № ${m.workstationId}; копия от ${m.createdAt} (версия ${m.appVersion}).`,
    `Ключ данных: ${result.keyFile}`,
    ...result.journal.map(
      (j) =>
        `Журнал ${j.officeCode}, ${j.year}: последний номер ${formatJournalNo(j.year, m.workstationId, j.lastSeq)}, следующий — ${formatJournalNo(j.year, m.workstationId, j.lastSeq + 1)}.`,
    ),
    journalAfter
      ? `Журнал продолжен после ${formatJournalNo(journalAfter.year, m.workstationId, journalAfter.seq)} (--journal-after).`
      : 'Заявления, принятые после времени копии, в ней отсутствуют: сверьте их номера с бумажными заявлениями (--journal-after продолжит журнал после последнего из них).',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

runCli('restore', main);
