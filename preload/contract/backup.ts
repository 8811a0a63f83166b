/** Backups to IT's folder (issue 17): the state the administrator sees in the header. */
import { z } from 'zod';

/** Why the last backup failed; the renderer says each in Russian and Belarusian. */
export const backupErrorCodes = ['folder_missing', 'not_writable', 'disk_full', 'failed'] as const;
export type BackupErrorCode = (typeof backupErrorCodes)[number];

export const backupStatusSchema = z.object({
  /** false: the provisioning config has no `backup` key, nothing is backed up. */
  configured: z.boolean(),
  running: z.boolean(),
  lastAt: z.string().nullable(),
  lastFile: z.string().nullable(),
  /** The latest attempt's failure; null once a backup succeeds again. */
  lastError: z.object({ at: z.string(), code: z.enum(backupErrorCodes) }).nullable(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;
