/**
 * Which update events leave an audit row: a downloaded version (it will be installed when the app
 * is closed) and a failure, once per change of state — not every check or progress step.
 */
import type { AuditAction } from '../../preload/contract';
import type { UpdateState } from './policy';

export interface UpdateAudit {
  action: AuditAction;
  details: Record<string, unknown>;
}

export function updateAuditOf(previous: UpdateState, next: UpdateState): UpdateAudit | null {
  if (next.status === 'downloaded' && !(previous.status === 'downloaded' && previous.version === next.version))
    return { action: 'app.update_downloaded', details: { version: next.version } };
  if (next.status === 'error' && previous.status !== 'error') return { action: 'app.update_failed', details: { code: next.code } };
  return null;
}
