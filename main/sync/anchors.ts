/**
 * Audit anchors (issue 15, central-api.yaml 1.1): at each sync the head of the local audit chain
 * is recorded in the registry, and «Проверить цепочку» compares the local log with what was
 * anchored. A rewrite of old rows — even by someone holding the key, who can recompute the keyed
 * chain — then disagrees with the registry's copy of the head.
 *
 * Posting is skipped while the head is the one last anchored (`meta`), so an idle workstation
 * sends nothing, and a successful anchor writes no audit row (that row would move the head and
 * make every sync anchor again). A 409 (the registry holds another head at this seq: the local
 * log was rewritten) is audited once and not retried: the same head would get the same answer.
 */
import { compareWithAnchors, readAuditHead, readMeta, writeMeta } from '../../db';
import type { AuditAnchorCheck } from '../../preload/contract';
import type { CentralClient } from '../central/client';
import { audit, type Deps } from '../services/deps';

/** `seq:hash` of the head last anchored (or refused with a 409). */
export const ANCHORED_META = 'audit.anchored_head';
/** The registry keeps at most this many per page (central-api.yaml). */
const ANCHORS_PAGE = 500;

export type AnchorDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'settings'>;
export type AnchorOutcome = 'unchanged' | 'anchored' | 'conflict' | 'failed';

export async function anchorAuditHead(deps: AnchorDeps, api: CentralClient): Promise<AnchorOutcome> {
  const { db, clock, log, settings } = deps;
  const head = await readAuditHead(db);
  if (head === null) return 'unchanged';
  const mark = `${head.seq}:${head.hash}`;
  if ((await readMeta(db, ANCHORED_META)) === mark) return 'unchanged';
  const workstationId = settings.values().workstationId;
  // A desk not yet identified has nothing to anchor under; it anchors once IT or the admin names it.
  if (workstationId === '') return 'unchanged';
  const result = await api.postAnchor({ workstationId, seq: head.seq, headHash: head.hash, at: clock.now().toISOString() });
  if (result.ok) {
    await writeMeta(db, ANCHORED_META, mark);
    log.info('audit: head anchored in the registry', { seq: head.seq });
    return 'anchored';
  }
  if (result.failure.kind === 'http' && result.failure.status === 409) {
    await db.transaction(async (trx) => {
      await writeMeta(trx, ANCHORED_META, mark);
      await audit(trx, deps, null, 'audit.anchor_conflict', null, { seq: head.seq, headHash: head.hash, workstationId });
    });
    log.warn('audit: the registry holds another head at this seq (the local log was rewritten)', { seq: head.seq });
    return 'conflict';
  }
  // No answer, 5xx, 401…: the next sync tries again; the worker reports the registry's state itself.
  log.debug('audit: anchoring failed, retried at the next sync', { kind: result.failure.kind });
  return 'failed';
}

/** For «Проверить цепочку»: the local log against this workstation's anchors in the registry. */
export async function checkAnchors(deps: Pick<Deps, 'db' | 'settings'>, api: CentralClient | null): Promise<AuditAnchorCheck> {
  if (api === null) return { status: 'unchecked', reason: 'not_configured' };
  const page = await api.anchors(ANCHORS_PAGE);
  if (!page.ok) return { status: 'unchecked', reason: page.failure.kind === 'network' ? 'offline' : 'refused' };
  const workstationId = deps.settings.values().workstationId;
  const mine = page.value.items.filter((a) => a.workstationId === workstationId);
  return compareWithAnchors(deps.db, mine);
}
