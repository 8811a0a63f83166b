/** The header's backup slot in one word (pure: tested without a browser). */
import type { BackupStatus } from '../../../../preload/contract';

export type BackupState = 'off' | 'running' | 'error' | 'ok' | 'none';

export function backupStateOf(status: BackupStatus): BackupState {
  if (!status.configured) return 'off';
  if (status.running) return 'running';
  if (status.lastError) return 'error';
  return status.lastAt ? 'ok' : 'none';
}

export const backupTone = { off: 'off', running: 'pending', error: 'bad', ok: 'ok', none: 'pending' } as const;
