/**
 * Restoring a backup into a new, empty data folder (`npm run restore`): the manifest is checked
 * (its MAC, then each file's SHA-256) before anything is kept, the data key is unwrapped with IT's
 * private key and sealed for this machine, and the desk keeps its identity (office code,
 * workstation number) and its journal counters, which are in the database. The restore is audited
 * (`app.restored`, with the backup's time) at the end of the same keyed chain, so audit:verify passes.
 *
 * The queued applications keep their ids, which are the registry's idempotency keys: the restored
 * desk re-sends them and the registry takes each once.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { open, rename, rm, rmdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { closeDatabase, ensurePrivateDir, openDatabase } from '../../db';
import { keyAuditChain } from '../audit-chain';
import type { ProvisioningConfig } from '../config';
import { loadOrCreateKey, storeRestoredKey, type KeySeal } from '../keys';
import type { Logger } from '../log';
import { audit } from '../services/deps';
import { BackupFormatError, manifestMac, packedFileStream, readBackupHead, sameMac, type Manifest } from './container';
import { recoveryKeyId, unwrapDataKey } from './recovery-key';

export type RestoreErrorCode =
  'not_a_backup' | 'wrong_key' | 'manifest_changed' | 'file_changed' | 'target_not_empty' | 'identity_mismatch' | 'failed';

export type RestoreResult =
  | { ok: true; manifest: Manifest; dataDir: string; keyFile: string; journal: { officeCode: string; year: number; lastSeq: number }[] }
  | { ok: false; code: RestoreErrorCode; message: string };

export interface RestoreOptions {
  backupFile: string;
  privateKey: KeyObject;
  dataDir: string;
  /** The new machine's provisioning config: its desk identity, if it names one, must be the backup's. */
  config: ProvisioningConfig;
  /** Electron seals the key with safeStorage; the harness and the CLI keep the 0600 key file. */
  seal?: KeySeal;
  log: Logger;
  now: () => Date;
  /**
   * The highest journal number IT found on the dead desk's paper forms: applications taken after
   * the backup are not in it, and their numbers must not be given again. The counter of that
   * year continues after it (never goes back).
   */
  journalAfter?: { year: number; seq: number };
}

/** '2026/000123' → { year, seq }; null when it is not a journal number. */
export function parseJournalNo(text: string): { year: number; seq: number } | null {
  // Both forms a paper may carry: '2026/03-000123' (the desk's number in it) and '2026/000123' (before issue 14).
  const m = /^(\d{4})\/(?:\d{2}-)?(\d{1,9})$/.exec(text.trim());
  const seq = Number(m?.[2] ?? 0);
  return m && seq >= 1 ? { year: Number(m[1]), seq } : null;
}

const fail = (code: RestoreErrorCode, message: string): RestoreResult => ({ ok: false, code, message });

/** What is in the folder, or null when it does not exist. */
function entries(dir: string): string[] | null {
  return existsSync(dir) ? readdirSync(dir) : null;
}

/** Verifies everything the manifest promises, without writing anything. */
export async function verifyBackup(
  backupFile: string,
  privateKey: KeyObject,
): Promise<
  { ok: true; manifest: Manifest; manifestBytes: Buffer; dataKey: Buffer } | { ok: false; code: RestoreErrorCode; message: string }
> {
  let opened;
  try {
    opened = await readBackupHead(backupFile);
  } catch (error) {
    if (error instanceof BackupFormatError) return { ok: false, code: 'not_a_backup', message: `${backupFile}: ${error.message}` };
    return {
      ok: false,
      code: 'not_a_backup',
      message: `Файл ${backupFile} не читается (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
  const { manifest } = opened;
  const dataKey = unwrapDataKey(manifest.key, privateKey);
  if (dataKey === null || dataKey.length !== 32) {
    const other = recoveryKeyId(privateKey) !== manifest.recoveryKeyId;
    return {
      ok: false,
      code: 'wrong_key',
      message: other
        ? `Резервная копия ${basename(backupFile)} зашифрована другим ключом восстановления (отпечаток ${manifest.recoveryKeyId.slice(0, 16)}…, а указанный ключ — ${recoveryKeyId(privateKey).slice(0, 16)}…). Укажите закрытый ключ той пары, открытый ключ которой был в конфигурации рабочего места.`
        : `Ключ данных в резервной копии ${basename(backupFile)} не расшифровывается этим ключом: копия повреждена.`,
    };
  }
  if (!sameMac(manifestMac(dataKey, opened.manifestBytes), opened.mac))
    return {
      ok: false,
      code: 'manifest_changed',
      message: `Оглавление резервной копии ${basename(backupFile)} изменено после её создания: копия повреждена или подменена.`,
    };
  for (const [index, file] of manifest.files.entries()) {
    const hash = createHash('sha256');
    await pipeline(
      packedFileStream(backupFile, opened, index),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done();
        },
      }),
    );
    if (hash.digest('hex') !== file.sha256)
      return {
        ok: false,
        code: 'file_changed',
        message: `Файл ${file.name} в резервной копии ${basename(backupFile)} не совпадает с контрольной суммой SHA-256 из оглавления: копия повреждена.`,
      };
  }
  return { ok: true, manifest, manifestBytes: opened.manifestBytes, dataKey };
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { dataDir, log } = options;
  const before = entries(dataDir);
  if (before !== null && before.length > 0)
    return fail(
      'target_not_empty',
      `Папка ${dataDir} не пуста (${before.slice(0, 3).join(', ')}${before.length > 3 ? ', …' : ''}). Восстановление делается только в новую пустую папку: данные в ней не изменены.`,
    );
  const verified = await verifyBackup(options.backupFile, options.privateKey);
  if (!verified.ok) return verified;
  const { manifest, dataKey } = verified;
  const { officeCode, workstationId } = options.config;
  if (
    (officeCode !== undefined && officeCode !== manifest.officeCode) ||
    (workstationId !== undefined && workstationId !== manifest.workstationId)
  )
    return fail(
      'identity_mismatch',
      `Резервная копия — рабочего места ${manifest.officeCode}, № ${manifest.workstationId}, а конфигурация нового компьютера задаёт ${officeCode ?? manifest.officeCode}, № ${workstationId ?? manifest.workstationId}. ` +
        'Восстановленное рабочее место продолжает журнал прежнего: укажите в конфигурации его код службы и номер.',
    );

  ensurePrivateDir(dataDir);
  const database = join(dataDir, 'okno.sqlite');
  try {
    const opened = await readBackupHead(options.backupFile);
    const temp = `${database}.restoring`;
    const handle = await open(temp, 'wx', 0o600);
    // Hashed again as it is written: the file may have changed since it was verified.
    const hash = createHash('sha256');
    try {
      for await (const chunk of packedFileStream(options.backupFile, opened, 0) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!opened.manifestBytes.equals(verified.manifestBytes) || hash.digest('hex') !== manifest.files[0]?.sha256)
      throw new Error(`файл ${basename(options.backupFile)} изменился во время восстановления`);
    await rename(temp, database);
    const keyFile = await storeRestoredKey(dataDir, dataKey, options.seal);

    const db = await openDatabase({ file: database, backupsDir: join(dataDir, 'backups'), log, now: options.now });
    if (!db.ok) throw new Error(db.error.message);
    try {
      const key = await loadOrCreateKey({ dataDir, db: db.db, seal: options.seal });
      if (!key.ok) throw new Error(key.message);
      if (key.created || !key.key.equals(dataKey)) throw new Error('the restored key is not the database key');
      await keyAuditChain(db.db, key.key, options.now);
      const after = options.journalAfter;
      if (after)
        await db.db.raw(
          `INSERT INTO journal_counters (office_code, year, last_seq) VALUES (?, ?, ?)
           ON CONFLICT (office_code, year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`,
          [manifest.officeCode, after.year, after.seq],
        );
      await audit(db.db, { clock: { now: options.now } }, null, 'app.restored', null, {
        ...(after && { journalAfter: `${after.year}/${after.seq}` }),
        backupCreatedAt: manifest.createdAt,
        backupFile: basename(options.backupFile),
        officeCode: manifest.officeCode,
        workstationId: manifest.workstationId,
        auditSeqInBackup: manifest.auditSeq,
        appVersionInBackup: manifest.appVersion,
      });
      const journal = (await db.db('journal_counters').select('office_code', 'year', 'last_seq').orderBy(['office_code', 'year'])) as {
        office_code: string;
        year: number;
        last_seq: number;
      }[];
      log.info('backup.restored', { backup: basename(options.backupFile), createdAt: manifest.createdAt, dataDir });
      return {
        ok: true,
        manifest,
        dataDir,
        keyFile,
        journal: journal.map((j) => ({ officeCode: j.office_code, year: j.year, lastSeq: j.last_seq })),
      };
    } finally {
      await closeDatabase(db.db);
    }
  } catch (error) {
    log.error('backup.restore_failed', { error });
    // Leave the folder as it was found: empty (or absent).
    for (const name of entries(dataDir) ?? []) await rm(join(dataDir, name), { recursive: true, force: true }).catch(() => undefined);
    if (before === null) await rmdir(dataDir).catch(() => undefined);
    return fail(
      'failed',
      `Восстановление не выполнено: ${error instanceof Error ? error.message : String(error)}. Папка ${dataDir} оставлена пустой.`,
    );
  }
}
