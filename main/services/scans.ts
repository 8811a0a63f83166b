/**
 * A scan's content for the open form: taken once, by the front desk (the router checks the role).
 * Who received a document's data from the reader is audited; the data itself is not kept.
 */
import { fail, ok, type Result, type ScannedDocument, fieldMessage } from '../../preload/contract';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';

export async function takeScan(
  deps: Deps,
  actor: Pick<SessionRecord, 'clerkId' | 'login'>,
  scanId: string,
): Promise<Result<ScannedDocument>> {
  const taken = deps.devices.takeScan(scanId);
  if (!taken.ok) {
    return taken.reason === 'bad_read'
      ? fail('precondition', fieldMessage('scan.bad_read'))
      : fail('not_found', fieldMessage('scan.stale'));
  }
  await audit(deps.db, deps, actor, 'device.scan_taken', null, { documentType: taken.document.documentType ?? null });
  return ok(taken.document);
}
