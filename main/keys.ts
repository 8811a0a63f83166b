/**
 * The database's encryption key: one 32-byte master key per data folder, kept OUTSIDE the
 * database (a stolen .sqlite file or backup alone reveals nothing).
 *
 *  - Electron: `okno.key.sealed`, the key sealed by the caller's `seal` (safeStorage: DPAPI on
 *    Windows, so only the same Windows account can unseal it).
 *  - Browser harness and tests (no `seal`): `okno.key`, base64 text, mode 0600.
 *
 * `meta.key_check` (an HMAC that identifies the key, see db/crypto.ts) ties the database to its
 * key. The one rule that matters: once a database has a key, a missing key file is an error,
 * never a reason to make a new key — a new key would silently orphan every encrypted record.
 *
 * Plain Node on purpose (no electron import): the harness and the tests run this same code.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { createFieldCipher, findOneWithPersonal, insertMeta, MASTER_KEY_BYTES, readMeta } from '../db';

export const KEY_FILE = 'okno.key';
export const SEALED_KEY_FILE = 'okno.key.sealed';
export const KEY_CHECK = 'key_check';

/**
 * Seals the raw key bytes. Electron passes a wrapper over safeStorage (which works on strings:
 * encryptString(buf.toString('base64')) / Buffer.from(decryptString(buf), 'base64')).
 */
export interface KeySeal {
  encrypt(buf: Buffer): Buffer;
  decrypt(buf: Buffer): Buffer;
}

export interface LoadKeyOptions {
  dataDir: string;
  /** Already opened and migrated (the `meta` table must exist). */
  db: Knex;
  seal?: KeySeal;
  /**
   * A seal that can still open a key sealed earlier but is not trusted to keep it (Linux
   * safeStorage on `basic_text`: a fixed password). Such a sealed key is moved into the plain 0600
   * key file once, so turning sealing off does not lose the key.
   */
  previousSeal?: KeySeal;
}

export type KeyErrorCode = 'key_missing' | 'key_mismatch' | 'key_unreadable';

export type LoadKeyResult =
  | { ok: true; key: Buffer; created: boolean }
  /** `message`: Russian, for the start-up error screen: what happened and what to do. */
  | { ok: false; code: KeyErrorCode; message: string };

export const keyFilePath = (dataDir: string, sealed: boolean) => join(dataDir, sealed ? SEALED_KEY_FILE : KEY_FILE);

type KeyFile = { kind: 'absent' } | { kind: 'key'; key: Buffer } | { kind: 'unreadable'; reason: string };

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Strict base64 of exactly 32 bytes (Buffer.from is lenient and would accept garbage). */
function decodePlain(text: string): Buffer | null {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  return key.length === MASTER_KEY_BYTES && key.toString('base64') === trimmed ? key : null;
}

async function readKeyFile(path: string, seal: KeySeal | undefined): Promise<KeyFile> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable', reason: errorCode(error) ?? 'read_failed' };
  }
  let key: Buffer | null;
  if (seal) {
    try {
      key = seal.decrypt(content);
    } catch {
      return { kind: 'unreadable', reason: 'unseal_failed' };
    }
    if (key.length !== MASTER_KEY_BYTES) key = null;
  } else {
    key = decodePlain(content.toString('utf8'));
  }
  if (!key) return { kind: 'unreadable', reason: 'bad_content' };
  await tightenMode(path);
  return { kind: 'key', key };
}

/** A key file someone copied back with loose permissions is made owner-only again (POSIX only). */
async function tightenMode(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) await chmod(path, 0o600);
  } catch {
    // Not fatal: the key was read; the permissions are a hardening step.
  }
}

/** fsync of the folder makes the rename itself durable (not supported on Windows: ignored). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: some platforms and file systems refuse fsync on a directory.
  }
}

/** Temp file + fsync + rename: a crash leaves either no key file or a complete one, never half. */
async function writeKeyFileAtomically(path: string, content: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new Error(
      `Не удалось сохранить ключ шифрования в файл ${path}: ${error instanceof Error ? error.message : String(error)}. ` +
        'Проверьте доступ к папке данных и свободное место на диске и запустите программу снова.',
      { cause: error },
    );
  }
  await syncDir(dirname(path));
}

function sameCheck(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const messages = {
  missing: (path: string) =>
    `Не найден файл ключа шифрования ${path}. Персональные данные в базе зашифрованы этим ключом, и без него их прочитать нельзя; ` +
    'программа не запущена и ничего не изменила. Восстановите файл ключа из резервной копии на прежнее место и запустите программу снова. ' +
    'Не удаляйте базу данных; если копии ключа нет, обратитесь к администратору.',
  mismatch: (path: string, dataDir: string) =>
    `Ключ шифрования из файла ${path} не подходит к базе данных в папке ${dataDir}: вероятно, файл ключа заменён ключом от другой базы. ` +
    'Программа не запущена, данные не изменены. Восстановите правильный файл ключа из резервной копии и запустите программу снова.',
  unreadable: (path: string, sealed: boolean) =>
    `Не удалось прочитать ключ шифрования из файла ${path}: файл повреждён или недоступен` +
    (sealed ? ', либо программа запущена под другой учётной записью Windows (ключ защищён учётной записью, которая его создала)' : '') +
    '. Программа не запущена, данные не изменены. ' +
    (sealed
      ? 'Войдите в Windows под прежней учётной записью или восстановите файл ключа из резервной копии. '
      : 'Восстановите файл ключа из резервной копии. ') +
    'Если это не помогает, обратитесь к администратору.',
};

/**
 * Loads the key for this data folder, creating it only for a database that has never had one.
 * Call after the database is opened and migrated, before anything reads personal data.
 */
export async function loadOrCreateKey(options: LoadKeyOptions): Promise<LoadKeyResult> {
  const { dataDir, db, seal } = options;
  const sealed = seal !== undefined;
  const path = keyFilePath(dataDir, sealed);
  const moved = await moveKeyBetweenKinds(options);
  if (moved) return moved;
  const stored = await readMeta(db, KEY_CHECK);
  const file = await readKeyFile(path, seal);

  if (file.kind === 'unreadable') return { ok: false, code: 'key_unreadable', message: messages.unreadable(path, sealed) };

  if (file.kind === 'absent') {
    // Encrypted rows without a key_check row (it was deleted): still a database that had a key.
    if (stored !== null || (await findOneWithPersonal(db)) !== null) {
      return { ok: false, code: 'key_missing', message: messages.missing(path) };
    }
    const key = randomBytes(MASTER_KEY_BYTES);
    // The file first: a crash before the check is stored leaves "key file, no check", which the
    // next start completes; the other order would leave a database demanding a key never saved.
    await writeKeyFileAtomically(path, seal ? seal.encrypt(key) : Buffer.from(`${key.toString('base64')}\n`, 'utf8'));
    await insertMeta(db, KEY_CHECK, createFieldCipher(key).keyCheck());
    return { ok: true, key, created: true };
  }

  const cipher = createFieldCipher(file.key);
  if (stored === null) {
    // No check yet (fresh database, or a crash right after the key file was written). If there is
    // encrypted data anyway, the key must open it before it is adopted as this database's key.
    const sample = await findOneWithPersonal(db);
    if (sample !== null) {
      try {
        cipher.decrypt(sample.personal, sample.id);
      } catch {
        return { ok: false, code: 'key_mismatch', message: messages.mismatch(path, dataDir) };
      }
    }
    await insertMeta(db, KEY_CHECK, cipher.keyCheck());
    return { ok: true, key: file.key, created: false };
  }
  if (!sameCheck(stored, cipher.keyCheck())) return { ok: false, code: 'key_mismatch', message: messages.mismatch(path, dataDir) };
  return { ok: true, key: file.key, created: false };
}

const exists = async (path: string) => (await stat(path).catch(() => null)) !== null;

/**
 * The key kept in the other kind of file than this start wants: sealing turned on (a keyring was
 * installed: the plain file is sealed) or off (the seal turned out to be no protection: the sealed
 * file is opened with `previousSeal` and kept as the plain 0600 file). New file first, then the old
 * one is removed: a crash in between leaves both, and the next start takes the wanted one.
 */
async function moveKeyBetweenKinds(options: LoadKeyOptions): Promise<LoadKeyResult | null> {
  const { dataDir, seal, previousSeal } = options;
  const target = keyFilePath(dataDir, seal !== undefined);
  const source = keyFilePath(dataDir, seal === undefined);
  if ((await exists(target)) || !(await exists(source))) return null;
  if (seal === undefined && previousSeal === undefined) return null;
  const file = await readKeyFile(source, seal === undefined ? previousSeal : undefined);
  if (file.kind === 'unreadable') return { ok: false, code: 'key_unreadable', message: messages.unreadable(source, seal === undefined) };
  if (file.kind === 'absent') return null;
  await writeKeyFileAtomically(target, seal ? seal.encrypt(file.key) : Buffer.from(`${file.key.toString('base64')}\n`, 'utf8'));
  await rm(source, { force: true });
  await syncDir(dataDir);
  return null;
}

/**
 * Restore (main/backup/restore.ts): stores a key unwrapped from a backup as this folder's key, sealed
 * by `seal` when given (Electron), else the 0600 key file. Refuses to replace a key already there.
 */
export async function storeRestoredKey(dataDir: string, key: Buffer, seal?: KeySeal): Promise<string> {
  if (key.length !== MASTER_KEY_BYTES) throw new Error('a data key is 32 bytes');
  const path = keyFilePath(dataDir, seal !== undefined);
  if (await exists(path)) throw new Error(`a key file is already there: ${path}`);
  await writeKeyFileAtomically(path, seal ? seal.encrypt(key) : Buffer.from(`${key.toString('base64')}\n`, 'utf8'));
  return path;
}
