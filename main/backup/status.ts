/**
 * The last backup and the last failure of a data folder, kept in `backup-status.json` beside the
 * database (not in it: writing it must not count as a change to back up, and the readiness check
 * reads it without opening the database). Written whole under a temp name, then renamed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { backupErrorCodes } from '../../preload/contract/backup';

export const STATUS_FILE = 'backup-status.json';

const statusFileSchema = z.object({
  lastAt: z.iso.datetime().nullable(),
  lastFile: z.string().nullable(),
  /** The audit log's last seq in the last backup: a newer row means there are changes to back up. */
  lastAuditSeq: z.number().int().nonnegative().nullable(),
  lastError: z.object({ at: z.iso.datetime(), code: z.enum(backupErrorCodes), message: z.string() }).nullable(),
});
export type BackupStatusFile = z.infer<typeof statusFileSchema>;

export const emptyStatus: BackupStatusFile = { lastAt: null, lastFile: null, lastAuditSeq: null, lastError: null };

export function readStatusFile(dataDir: string): BackupStatusFile {
  try {
    const parsed = statusFileSchema.safeParse(JSON.parse(readFileSync(join(dataDir, STATUS_FILE), 'utf8')));
    return parsed.success ? parsed.data : emptyStatus;
  } catch {
    // Missing (no backup yet) or unreadable: as if none was made; the next backup rewrites it.
    return emptyStatus;
  }
}

export async function writeStatusFile(dataDir: string, status: BackupStatusFile): Promise<void> {
  const path = join(dataDir, STATUS_FILE);
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(status) + '\n');
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * For the readiness check (issue 17): when the last backup of this data folder was written, and
 * the last failure if the latest attempt failed (null once a backup succeeds again).
 */
export function backupStatus(dataDir: string): {
  lastAt: string | null;
  lastFile: string | null;
  lastError: BackupStatusFile['lastError'];
} {
  const { lastAt, lastFile, lastError } = readStatusFile(dataDir);
  return { lastAt, lastFile, lastError };
}
