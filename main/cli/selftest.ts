/**
 * `npm run selftest -- --data-dir DIR [--config FILE]`: the readiness check of a desk from the
 * command line (IT, after installing; the same list as the admin screen «Проверка рабочего
 * места», main/readiness). Meant for a desk whose app is closed: the database is opened read-only
 * (nothing in the data folder is written), the card reader's and printer's ports are opened here
 * and the printer asked `~HS` — while the app runs it holds those ports, and the admin screen is
 * the check to use.
 *
 * Exit codes: 0 ready (warnings allowed), 1 not ready (a line failed), 2 the check cannot run
 * (wrong arguments, no data folder, a config file with mistakes).
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { hasLiveJournal, openReadOnly } from './read-only-db';
import pkg from '../../package.json';
import { createFieldCipher, readMeta } from '../../db';
import { schemas } from '../../preload/contract';
import { loadConfig, type ProvisioningConfig } from '../config';
import { silentLogger } from '../log';
import { machineConfigFile } from '../paths';
import { runReadiness } from '../readiness/run';
import { readinessText } from '../readiness/report';
import { createSettingsStore, defaultSettings } from '../services/settings';

const DATABASE_FILE = 'okno.sqlite';
const TOKEN_META = 'registry.token';

const USAGE = `Проверка рабочего места Окна (программа должна быть закрыта).

Использование: npm run selftest -- --data-dir КАТАЛОГ [--config ФАЙЛ]
           или: node out/main/selftest.js --data-dir КАТАЛОГ [--config ФАЙЛ]

  --data-dir КАТАЛОГ  каталог данных Окна (в нём файл ${DATABASE_FILE})
  --config ФАЙЛ       файл конфигурации рабочего места; по умолчанию ${machineConfigFile()}, если он есть
  --help              эта справка

Проверяются база данных, журнал аудита, ключ данных, права на папку данных, место на диске, папка
резервных копий, связь с реестром (токен, часы), порты считывателя и принтера и ответ принтера,
сервер обновлений. Файлы в каталоге данных не изменяются. Пока программа запущена, она держит порты
устройств: тогда проверяйте из программы (экран «Проверка рабочего места» администратора).
Коды завершения: 0 — рабочее место готово, 1 — не готово (строки «СБОЙ» говорят, что сделать),
2 — проверку нельзя выполнить.`;

function cannotRun(message: string, usage = false): never {
  process.stderr.write(`selftest: ${message}\n${usage ? `\n${USAGE}\n` : ''}`);
  process.exit(2);
}

function parse(argv: string[]): { dataDir: string; configFile: string | null } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    cannotRun(error instanceof Error ? error.message : String(error), true);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const dataDir = values['data-dir'];
  if (dataDir === undefined || dataDir === '') cannotRun('не указан каталог данных (--data-dir КАТАЛОГ).', true);
  if (values.config === '') cannotRun('не указан файл конфигурации (--config ФАЙЛ).', true);
  const machine = machineConfigFile();
  return { dataDir: resolve(dataDir), configFile: values.config ?? (existsSync(machine) ? machine : null) };
}

/** The settings the app would use: stored ones under the config's, or the defaults without a database. */
async function settingsOf(db: Knex | null, config: ProvisioningConfig): Promise<schemas.Settings> {
  if (db !== null) {
    try {
      return (await createSettingsStore(db, config, silentLogger)).values();
    } catch {
      // An unreadable settings table: the database line already says what is wrong.
    }
  }
  const { registryToken: _t, updateUrl: _u, backup: _b, ...keys } = config;
  return schemas.settingsSchema.parse({ ...defaultSettings, ...keys });
}

/** The token as the app would use it: from the config, or the stored one opened with the data key. */
async function tokenOf(db: Knex | null, config: ProvisioningConfig, key: Buffer | null): Promise<string | 'sealed' | null> {
  if (config.registryToken !== undefined) return config.registryToken;
  if (db === null) return null;
  const stored = await readMeta(db, TOKEN_META).catch(() => null);
  if (stored === null) return null;
  if (key === null) return 'sealed';
  try {
    return createFieldCipher(key).decrypt(Buffer.from(stored, 'base64'), `meta:${TOKEN_META}`).toString('utf8');
  } catch {
    return 'sealed';
  }
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (!existsSync(args.dataDir) || !statSync(args.dataDir).isDirectory()) cannotRun(`каталог данных не найден: ${args.dataDir}`);
  const loaded = loadConfig(args.configFile);
  if (!loaded.ok) cannotRun(loaded.message);
  const config = loaded.config;

  const file = join(args.dataDir, DATABASE_FILE);
  // Read-only, as audit:verify opens it (main/cli/read-only-db.ts).
  const db = existsSync(file) ? openReadOnly(file, !hasLiveJournal(file)) : null;
  try {
    const settings = await settingsOf(db, config);
    const report = await runReadiness({
      dataDir: args.dataDir,
      databaseFile: file,
      db,
      inApp: false,
      registryUrl: settings.registryUrl,
      token: (key) => tokenOf(db, config, key),
      devices: { kind: 'probe', reader: settings.reader, printer: settings.printer },
      backupFolder: config.backup?.folder,
      desk: { officeCode: settings.officeCode, workstationId: settings.workstationId },
      updateUrl: config.updateUrl,
      appVersion: pkg.version,
      now: () => new Date(),
    });
    process.stdout.write(readinessText(report, { dataDir: args.dataDir, configFile: args.configFile }));
    process.exitCode = report.ready ? 0 : 1;
  } finally {
    await db?.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`selftest: непредвиденная ошибка: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
