/**
 * `npm run backup -- --data-dir DIR [--config FILE]`: makes a backup now, with the same code as the
 * app (main/backup/make.ts), into the folder of the config's `backup` key, and prints the file.
 * It may run while the app runs (it is one more reader of the database).
 *
 * The data key is read from the harness's key file (`okno.key`); an Electron install seals it with
 * the OS, which only the app can open: there the app makes its own backups (hourly, after signing,
 * at shutdown). Exit codes: 0 written, 1 the backup failed (folder, disk), 2 cannot run.
 */
import { CannotRun, runCli } from './run-cli';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sqlite3 from 'sqlite3';
import pkg from '../../package.json';
import { createFieldCipher, MASTER_KEY_BYTES } from '../../db/crypto';
import { BackupError, makeBackup, removeDeskBackups } from '../backup/make';
import { readStatusFile, writeStatusFile } from '../backup/status';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { machineConfigFile } from '../paths';
import { defaultSettings } from '../services/settings';

const USAGE = `Резервная копия рабочего места Окна сейчас.

Использование: npm run backup -- --data-dir КАТАЛОГ [--config ФАЙЛ]

  --data-dir КАТАЛОГ  каталог данных Окна (в нём okno.sqlite и okno.key)
  --config ФАЙЛ       файл конфигурации с ключом backup (по умолчанию ${machineConfigFile()})

Копия пишется в папку backup.folder; ключ данных в ней зашифрован открытым ключом
backup.recoveryPublicKey. Коды завершения: 0 — копия записана (путь к файлу выведен),
1 — копия не записана (папка, место, права), 2 — ошибка в аргументах или данных.`;

function row(db: sqlite3.Database, sql: string, params: unknown[]): Promise<Record<string, unknown> | undefined> {
  return new Promise((res, rej) => db.get(sql, params, (e: Error | null, r: Record<string, unknown> | undefined) => (e ? rej(e) : res(r))));
}

/** The desk's identity as the app sees it (config over saved settings over defaults) and the key check. */
async function readDesk(
  file: string,
): Promise<{ officeCode: string; workstationId: string; retentionDays: number; keyCheck: string | null }> {
  const db = await new Promise<sqlite3.Database>((res, rej) => {
    const d = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (e) => (e ? rej(e) : res(d)));
  });
  try {
    const setting = async <T>(key: string, fallback: T): Promise<T> => {
      const r = await row(db, 'SELECT value FROM settings WHERE key = ?', [key]);
      return r ? (JSON.parse(String(r['value'])) as T) : fallback;
    };
    const check = await row(db, 'SELECT value FROM meta WHERE key = ?', ['key_check']);
    return {
      officeCode: await setting('officeCode', defaultSettings.officeCode),
      workstationId: await setting('workstationId', defaultSettings.workstationId),
      retentionDays: await setting('retentionDays', defaultSettings.retentionDays),
      keyCheck: check ? String(check['value']) : null,
    };
  } finally {
    await new Promise<void>((res) => db.close(() => res()));
  }
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new CannotRun(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values['data-dir']) throw new CannotRun(`не указан каталог данных (--data-dir КАТАЛОГ).\n\n${USAGE}`);
  const dataDir = resolve(values['data-dir']);
  const database = join(dataDir, 'okno.sqlite');
  if (!existsSync(database)) throw new CannotRun(`в каталоге ${dataDir} нет базы данных okno.sqlite.`);

  const configFile = values.config ? resolve(values.config) : existsSync(machineConfigFile()) ? machineConfigFile() : null;
  const config = loadConfig(configFile);
  if (!config.ok) throw new CannotRun(config.message);
  const target = config.config.backup;
  if (!target)
    throw new CannotRun(
      `в файле конфигурации ${configFile ?? '(не найден)'} нет ключа backup (folder, recoveryPublicKey): резервные копии не настроены. См. docs/config.md.`,
    );

  const keyFile = join(dataDir, 'okno.key');
  if (!existsSync(keyFile))
    throw new CannotRun(
      existsSync(join(dataDir, 'okno.key.sealed'))
        ? 'ключ данных этого каталога запечатан средствами ОС (установка Electron): резервные копии делает сама программа (каждый час, после подписания, при закрытии).'
        : `в каталоге ${dataDir} нет ключа данных okno.key.`,
    );
  const text = readFileSync(keyFile, 'utf8').trim();
  const dataKey = Buffer.from(text, 'base64');
  if (dataKey.length !== MASTER_KEY_BYTES || dataKey.toString('base64') !== text)
    throw new CannotRun(`файл ${keyFile} не является ключом данных Окна.`);

  const desk = await readDesk(database);
  if (desk.keyCheck !== null && desk.keyCheck !== createFieldCipher(dataKey).keyCheck())
    throw new CannotRun(`ключ ${keyFile} не подходит к базе данных ${database}.`);
  const identity = {
    officeCode: config.config.officeCode ?? desk.officeCode,
    workstationId: config.config.workstationId ?? desk.workstationId,
  };
  const retentionDays = config.config.retentionDays ?? desk.retentionDays;

  const log = createLogger({ file: join(dataDir, 'logs', 'okno.log') });
  const now = new Date();
  const status = readStatusFile(dataDir);
  try {
    const made = await makeBackup({
      databaseFile: database,
      stagingDir: join(dataDir, 'backup-staging'),
      dataKey,
      target,
      ...identity,
      appVersion: pkg.version,
      now,
      log,
    });
    await writeStatusFile(dataDir, { lastAt: made.createdAt, lastFile: made.name, lastAuditSeq: made.auditSeq, lastError: null });
    const keepDays = Math.min(target.keepDays, retentionDays);
    await removeDeskBackups(target, identity, new Date(now.getTime() - keepDays * 24 * 3600_000), made.name, log);
    process.stdout.write(`${made.file}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    log.error('backup.failed', { reason: 'cli', code: error.code, detail: error.message });
    await writeStatusFile(dataDir, { ...status, lastError: { at: now.toISOString(), code: error.code, message: error.message } });
    process.stderr.write(`backup: ${error.message}\n`);
    return 1;
  }
}

runCli('backup', main);
