/**
 * `npm run audit:verify -- --data-dir DIR [--json]`: an inspector checks the hash chain of the
 * audit log without the app and without the encryption key (the audit log holds no encrypted
 * fields). The database is opened read-only and nothing in the data directory is written:
 *
 * - a cleanly closed database has no -wal file and all its content is in the main file: it is
 *   opened `immutable`, so SQLite creates neither -wal nor -shm beside it;
 * - while the app runs (or after a crash) the -wal holds committed rows the main file does not
 *   have yet: it is opened read-only through the app's own -wal and -shm, as one more reader.
 *   If the app starts during an immutable check, the check is repeated that way.
 *
 * Exit codes: 0 the log is intact, 1 it is broken (the first broken row is named), 2 the
 * arguments are wrong or the file cannot be read as an Okno database.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import knex, { type Knex } from 'knex';
import type { Database } from 'sqlite3';
import { verifyAuditChain } from '../../db/repositories/audit';
import type { AuditVerification } from '../../preload/contract/schemas';

/** The database file in a data directory (the same name as `databaseFile` in main/app.ts). */
const DATABASE_FILE = 'okno.sqlite';
const BUSY_TIMEOUT_MS = 5000;

const USAGE = `Проверка журнала аудита Окна без запуска программы.

Использование: npm run audit:verify -- --data-dir КАТАЛОГ [--json]
           или: node out/main/audit-verify.js --data-dir КАТАЛОГ [--json]

  --data-dir КАТАЛОГ  каталог данных Окна (в нём файл ${DATABASE_FILE})
  --json              вывод одним объектом JSON (для программ)
  --help              эта справка

Файл открывается только для чтения; ключ шифрования не нужен.
Коды завершения: 0 — журнал цел, 1 — журнал повреждён, 2 — ошибка в аргументах или файл не прочитан.`;

type Args = { dataDir: string; json: boolean } | { help: true } | { error: string; json: boolean };

function parse(argv: string[]): Args {
  const json = argv.includes('--json');
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), json };
  }
  if (values.help) return { help: true };
  const dataDir = values['data-dir'];
  if (dataDir === undefined || dataDir === '') return { error: 'не указан каталог данных (--data-dir КАТАЛОГ).', json };
  return { dataDir, json: values.json ?? false };
}

interface Head {
  seq: number;
  hash: string;
}

interface Checked {
  verification: AuditVerification;
  /** The stored end-of-log mark (`audit_head`), null when it is missing. */
  head: Head | null;
}

/** A problem that is not a verdict on the log: exit 2. */
class Unreadable extends Error {}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function explain(error: unknown): string {
  if (error instanceof Unreadable) return error.message;
  const code = sqliteCode(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB') return 'файл не является базой данных SQLite.';
  if (code === 'SQLITE_CORRUPT') return `файл базы данных повреждён (${text}).`;
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH')
    return `не удалось открыть файл для чтения (${text}).`;
  return `не удалось прочитать базу данных (${text}).`;
}

/**
 * A read-only knex on the file. knex ORs its `flags` onto READWRITE|CREATE, so read-only is asked
 * for in a URI (`mode=ro`), which SQLite applies in place of those flags; `query_only` on top.
 */
function openReadOnly(file: string, immutable: boolean): Knex {
  const uri = `${pathToFileURL(file).href}?mode=ro${immutable ? '&immutable=1' : ''}`;
  return knex({
    client: 'sqlite3',
    connection: { filename: uri, flags: ['OPEN_URI'] },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: Database, done: (error: Error | null, conn: Database) => void) =>
        conn.exec(`PRAGMA query_only = ON; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`, (error) => done(error, conn)),
    },
  });
}

async function checkOnce(file: string, immutable: boolean): Promise<Checked> {
  const db = openReadOnly(file, immutable);
  try {
    const tables = await db('sqlite_master').select('name').where('type', 'table').whereIn('name', ['audit_log', 'audit_head']);
    if (tables.length < 2) throw new Unreadable('в файле нет журнала аудита: это не база данных Окна.');
    const verification = await verifyAuditChain(db);
    const head = await db<Head>('audit_head').select('seq', 'hash').where('id', 1).first();
    return { verification, head: head ? { seq: head.seq, hash: head.hash } : null };
  } finally {
    await db.destroy();
  }
}

async function check(file: string): Promise<Checked> {
  // A -wal or a rollback journal beside the file: the main file alone may be behind.
  const live = () => existsSync(`${file}-wal`) || existsSync(`${file}-journal`);
  if (live()) return checkOnce(file, false);
  const result = await checkOnce(file, true);
  // The app started while we read the file without locks: read it again as a proper reader.
  return live() ? checkOnce(file, false) : result;
}

function report(file: string, checked: Checked): string {
  const { verification: v, head } = checked;
  const lines = [`Файл: ${file}`];
  if (v.ok) {
    lines.push(`Проверено записей: ${v.rows}`);
    lines.push(v.headHash === null ? 'Журнал пуст.' : `Хеш конца журнала: ${v.headHash}`);
    lines.push('Журнал аудита цел.');
  } else {
    lines.push(`Проверено записей: ${v.rows} (до первой повреждённой)`);
    lines.push(
      head ? `Контрольная отметка конца журнала: запись № ${head.seq}, хеш ${head.hash}` : 'Контрольная отметка конца журнала отсутствует.',
    );
    lines.push(`Журнал аудита повреждён: первая повреждённая запись № ${v.brokenSeq}.`);
    lines.push(v.message);
  }
  return lines.join('\n') + '\n';
}

function fail(json: boolean, file: string | null, message: string, usage: boolean): never {
  if (json) process.stdout.write(JSON.stringify({ file, ok: false, error: message }) + '\n');
  else process.stderr.write(`audit:verify: ${message}\n${usage ? `\n${USAGE}\n` : ''}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if ('help' in args) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if ('error' in args) fail(args.json, null, args.error, true);

  const dir = resolve(args.dataDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(args.json, null, `каталог данных не найден: ${dir}`, false);
  const file = join(dir, DATABASE_FILE);
  if (!existsSync(file)) fail(args.json, file, `в каталоге данных нет файла ${DATABASE_FILE}: ${file}`, false);

  let checked: Checked;
  try {
    checked = await check(file);
  } catch (error) {
    fail(args.json, file, explain(error), false);
  }
  const v = checked.verification;
  if (args.json) {
    process.stdout.write(JSON.stringify({ file, ...v, head: checked.head }) + '\n');
  } else {
    process.stdout.write(report(file, checked));
  }
  process.exitCode = v.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`audit:verify: непредвиденная ошибка: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
