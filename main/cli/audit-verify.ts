/**
 * `npm run audit:verify -- --data-dir DIR [--key-file FILE] [--json]`: an inspector checks the
 * hash chain of the audit log without the app. The chain is keyed (HMAC with a key derived from
 * the data key, issue 15), so a full check needs the data key:
 *
 * - the browser harness keeps it in the data folder (`okno.key`), used by default;
 * - `--key-file FILE` names a copy of it (base64, as `okno.key`);
 * - an Electron install seals it with the OS (safeStorage, `okno.key.sealed`), which only the app
 *   can unseal: then order, links and the end-of-log mark are checked but not the rows' content,
 *   and the report says so (the full check is «Аудит» → «Проверить цепочку» in the app).
 *
 * A chain the app has not converted yet (plain SHA-256) is checked in full without a key.
 * The database is opened read-only and nothing in the data directory is written:
 *
 * - a cleanly closed database has no -wal file and all its content is in the main file: it is
 *   opened `immutable`, so SQLite creates neither -wal nor -shm beside it;
 * - while the app runs (or after a crash) the -wal holds committed rows the main file does not
 *   have yet: it is opened read-only through the app's own -wal and -shm, as one more reader.
 *   If the app starts during an immutable check, the check is repeated that way.
 *
 * `--anchors FILE`: the registry's anchors of this workstation (GET /v1/audit-anchors saved by the
 * inspector): the log must still hold each anchored row with the anchored hash.
 *
 * Exit codes: 0 the log is intact, 1 it is broken (the first broken row is named) or disagrees
 * with the anchors, 2 the arguments are wrong or the file cannot be read as an Okno database.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { openReadOnly } from './read-only-db';
import { createFieldCipher, deriveAuditChainKey, MASTER_KEY_BYTES } from '../../db/crypto';
import { AuditAnchorsPage } from '../central/schemas';
import { auditHash, isAuditChainKeyed, keyedAuditHash, verifyAuditChain, type VerifyOptions } from '../../db/repositories/audit';
import { compareWithAnchors, type AnchorComparison } from '../../db/repositories/audit-anchors';
import { readMeta } from '../../db/repositories/meta';
import type { AuditVerification } from '../../preload/contract/schemas';

/** The database file in a data directory (the same name as `databaseFile` in main/app.ts). */
const DATABASE_FILE = 'okno.sqlite';

/** The harness's plain key file (main/keys.ts KEY_FILE). */
const KEY_FILE = 'okno.key';

const USAGE = `Проверка журнала аудита Окна без запуска программы.

Использование: npm run audit:verify -- --data-dir КАТАЛОГ [--key-file ФАЙЛ] [--json]
           или: node out/main/audit-verify.js --data-dir КАТАЛОГ [--key-file ФАЙЛ] [--json]

  --data-dir КАТАЛОГ  каталог данных Окна (в нём файл ${DATABASE_FILE})
  --key-file ФАЙЛ     ключ данных (base64, как ${KEY_FILE}); по умолчанию ${KEY_FILE} из каталога данных
  --anchors ФАЙЛ      отметки конца журнала из реестра (ответ GET /v1/audit-anchors, JSON): журнал
                      сверяется с ними — изменённые или удалённые после отметки записи видны
  --json              вывод одним объектом JSON (для программ)
  --help              эта справка

Файл открывается только для чтения. Цепочка защищена ключом (HMAC): без ключа (установка Electron
хранит его запечатанным средствами ОС) проверяются порядок записей, их связи и отметка конца журнала,
но не содержимое записей — полную проверку выполняет программа («Аудит» → «Проверить цепочку»).
Коды завершения: 0 — журнал цел, 1 — журнал повреждён или не совпадает с отметками реестра,
2 — ошибка в аргументах или файл не прочитан.`;

type Args =
  | { dataDir: string; keyFile: string | null; anchorsFile: string | null; json: boolean }
  | { help: true }
  | { error: string; json: boolean };

function parse(argv: string[]): Args {
  const json = argv.includes('--json');
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        'key-file': { type: 'string' },
        anchors: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), json };
  }
  if (values.help) return { help: true };
  const dataDir = values['data-dir'];
  if (dataDir === undefined || dataDir === '') return { error: 'не указан каталог данных (--data-dir КАТАЛОГ).', json };
  const keyFile = values['key-file'];
  if (keyFile === '') return { error: 'не указан файл ключа (--key-file ФАЙЛ).', json };
  const anchorsFile = values.anchors;
  if (anchorsFile === '') return { error: 'не указан файл отметок (--anchors ФАЙЛ).', json };
  return { dataDir, keyFile: keyFile ?? null, anchorsFile: anchorsFile ?? null, json: values.json ?? false };
}

interface Head {
  seq: number;
  hash: string;
}

/** How the rows' hashes were checked. */
type Mode = 'plain' | 'keyed' | 'links_only';

interface Checked {
  verification: AuditVerification;
  mode: Mode;
  /** The stored end-of-log mark (`audit_head`), null when it is missing. */
  head: Head | null;
  /** Null when no anchors were given. */
  anchors: AnchorComparison | null;
}

/** The registry's anchors (GET /v1/audit-anchors saved to a file), validated with the client's schema. */
function readAnchors(path: string): AuditAnchorsPage['items'] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Unreadable(`не удалось прочитать отметки из ${path} (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = AuditAnchorsPage.safeParse(data);
  if (!parsed.success) throw new Unreadable(`файл ${path} не является ответом реестра GET /v1/audit-anchors.`);
  return parsed.data.items;
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

/** The data key from a key file: strict base64 of 32 bytes, as main/keys.ts writes it. */
function readKey(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new Unreadable(`не удалось прочитать файл ключа ${path} (${sqliteCode(error) ?? String(error)}).`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== MASTER_KEY_BYTES || key.toString('base64') !== text)
    throw new Unreadable(`файл ${path} не является ключом данных Окна (ожидается base64 из ${MASTER_KEY_BYTES} байт).`);
  return key;
}

async function chainOptions(db: Knex, keyFile: string | null): Promise<{ mode: Mode; options: VerifyOptions }> {
  const hasMeta = (await db('sqlite_master').select('name').where({ type: 'table', name: 'meta' })).length > 0;
  if (!hasMeta || !(await isAuditChainKeyed(db))) return { mode: 'plain', options: { hash: auditHash } };
  if (keyFile === null) return { mode: 'links_only', options: { linksOnly: true } };
  const master = readKey(keyFile);
  const stored = await readMeta(db, 'key_check');
  if (stored !== null && stored !== createFieldCipher(master).keyCheck())
    throw new Unreadable(`ключ из ${keyFile} не подходит к этой базе данных: укажите ключ этого рабочего места.`);
  return { mode: 'keyed', options: { hash: keyedAuditHash(deriveAuditChainKey(master)) } };
}

async function checkOnce(file: string, immutable: boolean, keyFile: string | null, anchorsFile: string | null): Promise<Checked> {
  const anchors = anchorsFile === null ? null : readAnchors(anchorsFile);
  const db = openReadOnly(file, immutable);
  try {
    const tables = await db('sqlite_master').select('name').where('type', 'table').whereIn('name', ['audit_log', 'audit_head']);
    if (tables.length < 2) throw new Unreadable('в файле нет журнала аудита: это не база данных Окна.');
    const { mode, options } = await chainOptions(db, keyFile);
    const verification = await verifyAuditChain(db, options);
    const head = await db<Head>('audit_head').select('seq', 'hash').where('id', 1).first();
    const compared = anchors === null ? null : await compareWithAnchors(db, anchors);
    return { verification, mode, head: head ? { seq: head.seq, hash: head.hash } : null, anchors: compared };
  } finally {
    await db.destroy();
  }
}

async function check(file: string, keyFile: string | null, anchorsFile: string | null): Promise<Checked> {
  // A -wal or a rollback journal beside the file: the main file alone may be behind.
  const live = () => existsSync(`${file}-wal`) || existsSync(`${file}-journal`);
  if (live()) return checkOnce(file, false, keyFile, anchorsFile);
  const result = await checkOnce(file, true, keyFile, anchorsFile);
  // The app started while we read the file without locks: read it again as a proper reader.
  return live() ? checkOnce(file, false, keyFile, anchorsFile) : result;
}

const MODE_LINES: Record<Mode, string> = {
  plain: 'Цепочка без ключа (SHA-256): программа ещё не переводила её на ключ.',
  keyed: 'Цепочка с ключом (HMAC-SHA-256): хеши записей проверены ключом данных.',
  links_only:
    'Цепочка с ключом (HMAC-SHA-256), ключа нет (в установке Electron он запечатан средствами ОС): проверены ' +
    'порядок записей, их связи и отметка конца журнала, но НЕ содержимое записей. Полная проверка: в программе ' +
    '«Аудит» → «Проверить цепочку», или здесь с --key-file.',
};

function report(file: string, checked: Checked): string {
  const { verification: v, head, mode } = checked;
  const lines = [`Файл: ${file}`, MODE_LINES[mode]];
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

function anchorsReport(anchors: AnchorComparison | null): string {
  if (anchors === null) return 'Отметки реестра не сверялись (--anchors ФАЙЛ не указан).\n';
  if (anchors.status === 'agrees') return `Журнал совпадает с отметками реестра (отметок: ${anchors.anchors}).\n`;
  return anchors.reason === 'beyond_end'
    ? `Журнал НЕ совпадает с отметками реестра: реестр отмечал запись № ${anchors.seq}, а журнал кончается раньше — записи удалены.\n`
    : `Журнал НЕ совпадает с отметками реестра: запись № ${anchors.seq} не та, что была отмечена — журнал переписан после отметки.\n`;
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

  // The harness keeps its data key in the folder; an Electron install's is sealed (not readable here).
  const keyFile = args.keyFile ?? (existsSync(join(dir, KEY_FILE)) ? join(dir, KEY_FILE) : null);
  let checked: Checked;
  try {
    checked = await check(file, keyFile, args.anchorsFile);
  } catch (error) {
    fail(args.json, file, explain(error), false);
  }
  const v = checked.verification;
  if (args.json) {
    process.stdout.write(JSON.stringify({ file, ...v, head: checked.head, chain: checked.mode, anchors: checked.anchors }) + '\n');
  } else {
    process.stdout.write(report(file, checked) + anchorsReport(checked.anchors));
  }
  process.exitCode = v.ok && checked.anchors?.status !== 'disagrees' ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`audit:verify: непредвиденная ошибка: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
