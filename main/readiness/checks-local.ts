/**
 * Gathers the facts of the local readiness lines: the database (integrity, migrations), the audit
 * chain, the data key, the data folder's permissions, the free disk and the backup folder. Reads
 * only: the one file written is a probe in the backup folder, removed at once.
 */
import { BACKUP_EXTENSION } from '../backup/container';
import { deskPrefix } from '../backup/make';
import { constants } from 'node:fs';
import { access, open, readdir, readFile, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createFieldCipher, integrityCheck, migrations, readMeta, verifyAuditChain } from '../../db';
import { auditHash, isAuditChainKeyed, keyedAuditHash, type VerifyOptions } from '../../db/repositories/audit';
import { deriveAuditChainKey } from '../../db/crypto';
import { KEY_CHECK, KEY_FILE, SEALED_KEY_FILE } from '../keys';
import type { AuditFacts, BackupFacts, DatabaseFacts, DataDirFacts, KeyFacts, MigrationFacts } from './lines-local';

const errorText = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : error instanceof Error
      ? error.message
      : String(error);

export async function checkDatabase(db: Knex): Promise<DatabaseFacts> {
  try {
    const problems = await integrityCheck(db);
    return problems.length === 0 ? { kind: 'ok' } : { kind: 'damaged', detail: problems.slice(0, 3).join('; ') };
  } catch (error) {
    const code = errorText(error);
    return /CORRUPT|NOTADB/.test(code) ? { kind: 'damaged', detail: code } : { kind: 'unreadable', detail: code };
  }
}

export async function checkMigrations(db: Knex): Promise<MigrationFacts> {
  const table = await db('sqlite_master').select('name').where({ type: 'table', name: 'knex_migrations' });
  const applied = table.length === 0 ? [] : (await db<{ name: string }>('knex_migrations').select('name').orderBy('id')).map((r) => r.name);
  return { applied, known: migrations.map((m) => m.name) };
}

/**
 * How the chain is checked: `app` — the running app's connection, which has the chain key
 * registered; a key from the harness's key file; or, with the key sealed away, links only.
 */
export type AuditKey = { kind: 'app' } | { kind: 'key'; key: Buffer } | { kind: 'none' };

export async function checkAudit(db: Knex, key: AuditKey): Promise<AuditFacts> {
  let mode: 'keyed' | 'plain' | 'links_only' = 'keyed';
  let options: VerifyOptions = {};
  if (key.kind !== 'app') {
    if (!(await isAuditChainKeyed(db))) {
      mode = 'plain';
      options = { hash: auditHash };
    } else if (key.kind === 'key') {
      options = { hash: keyedAuditHash(deriveAuditChainKey(key.key)) };
    } else {
      mode = 'links_only';
      options = { linksOnly: true };
    }
  }
  const v = await verifyAuditChain(db, options);
  return v.ok ? { kind: 'intact', rows: v.rows, mode } : { kind: 'broken', seq: v.brokenSeq, message: v.message };
}

const octal = (mode: number) => (mode & 0o777).toString(8);
const loose = (mode: number) => process.platform !== 'win32' && (mode & 0o077) !== 0;

/**
 * The data key's file. `inApp`: the running app opened it already (a sealed key is then known to
 * work); otherwise the harness's plain key is read and compared with the database's key check.
 */
export async function checkKey(dataDir: string, db: Knex, inApp: boolean): Promise<{ facts: KeyFacts; key: Buffer | null }> {
  const plain = join(dataDir, KEY_FILE);
  const sealed = join(dataDir, SEALED_KEY_FILE);
  const plainStat = await stat(plain).catch(() => null);
  if (plainStat === null) {
    if ((await stat(sealed).catch(() => null)) !== null) return { facts: { kind: 'sealed', checkedByApp: inApp }, key: null };
    return { facts: { kind: 'missing' }, key: null };
  }
  let key: Buffer;
  try {
    const text = (await readFile(plain, 'utf8')).trim();
    key = Buffer.from(text, 'base64');
    if (key.length !== 32 || key.toString('base64') !== text)
      return { facts: { kind: 'unreadable', detail: 'не base64 из 32 байт' }, key: null };
  } catch (error) {
    return { facts: { kind: 'unreadable', detail: errorText(error) }, key: null };
  }
  const stored = await readMeta(db, KEY_CHECK);
  const matches = stored === null || stored === createFieldCipher(key).keyCheck();
  return {
    facts: { kind: 'file', matches, looseMode: loose(plainStat.mode) ? octal(plainStat.mode) : null },
    key: matches ? key : null,
  };
}

/** The folder, the database and its companions, the key files and logs/ and backups/ one level down. */
export async function checkDataDir(dataDir: string): Promise<DataDirFacts> {
  const writable = await access(dataDir, constants.W_OK).then(
    () => true,
    () => false,
  );
  const found: string[] = [];
  const look = async (path: string, name: string) => {
    const s = await stat(path).catch(() => null);
    if (s !== null && loose(s.mode)) found.push(`${name} ${octal(s.mode)}`);
  };
  await look(dataDir, '.');
  for (const name of await readdir(dataDir).catch(() => [])) await look(join(dataDir, name), name);
  return { dir: dataDir, writable, loose: found };
}

export async function checkDisk(dir: string): Promise<{ freeBytes: number } | { error: string }> {
  try {
    const s = await statfs(dir);
    return { freeBytes: Number(s.bavail) * Number(s.bsize) };
  } catch (error) {
    return { error: errorText(error) };
  }
}

/**
 * Whether the folder takes a file (a probe written and removed), and the age of this desk's newest
 * backup: the desks of an office may share IT's folder, and another desk's copy does not save this one.
 */
export async function checkBackupFolder(
  folder: string | undefined,
  desk: { officeCode: string; workstationId: string },
  now: Date,
): Promise<BackupFacts> {
  if (folder === undefined || folder === '') return { kind: 'not_configured' };
  const s = await stat(folder).catch(() => null);
  if (s === null || !s.isDirectory()) return { kind: 'missing', folder };
  const probe = join(folder, `.okno-selftest-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(probe, 'wx', 0o600);
    try {
      await handle.writeFile('okno readiness probe\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { kind: 'not_writable', folder, detail: errorText(error) };
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  let newest: number | null = null;
  for (const name of await readdir(folder).catch(() => [])) {
    if (!name.startsWith(deskPrefix(desk.officeCode, desk.workstationId)) || !name.endsWith(BACKUP_EXTENSION)) continue;
    const file = await stat(join(folder, name)).catch(() => null);
    if (file?.isFile() && (newest === null || file.mtimeMs > newest)) newest = file.mtimeMs;
  }
  return { kind: 'writable', folder, newestAgeMs: newest === null ? null : Math.max(0, now.getTime() - newest) };
}
