/**
 * Pulling and applying the registry's decisions (DESIGN.md 5), for the sync worker
 * (main/sync/worker.ts). Decisions are pulled after the stored cursor; each one changes its
 * application, writes its audit row and notification and moves the cursor in ONE transaction, so a
 * crash replays at most the decision in flight, and replaying is harmless (a decided application
 * stays as is).
 */
import { randomUUID } from 'node:crypto';
import { refusalReasons, type RefusalReason } from '../../preload/contract';
import {
  appendAudits,
  findApplications,
  insertNotification,
  markSent,
  readMeta,
  transitionApplication,
  writeMeta,
  type AuditInput,
} from '../../db';
import type { CentralClient } from '../central/client';
import type { Decision } from '../central/schemas';
import type { DecidedEvent, SyncContext } from './context';
import { decryptPersonal, sentAudit } from './submissions';

export const CURSOR_KEY = 'sync.decisions_cursor';

const isRefusalReason = (v: string): v is RefusalReason => (refusalReasons as readonly string[]).includes(v);

/**
 * A page of decisions in one transaction: each application moved with its audit row and its
 * clerk's notification, and the cursor after the last one. A crash before the commit replays the
 * page; replaying is harmless (an application already decided is left as it is).
 */
async function applyDecisions(ctx: SyncContext, items: readonly Decision[]): Promise<void> {
  const { db, clock, log, cipher } = ctx.deps;
  const last = items.at(-1);
  if (last === undefined) return;
  const at = clock.now().toISOString();
  const notes: DecidedEvent[] = [];
  await db.transaction(async (trx) => {
    notes.length = 0;
    const found = await findApplications(
      trx,
      items.map((d) => d.submissionId),
    );
    const rows = new Map(found.map((r) => [r.id, r]));
    const audits: AuditInput[] = [];
    for (const d of items) {
      const row = rows.get(d.submissionId);
      if (row === undefined) {
        log.warn('sync: decision for an unknown application', { submissionId: d.submissionId });
        continue;
      }
      if (row.state !== 'queued' && row.state !== 'sent') continue;
      if (row.state === 'queued') {
        // The registry accepted it but its answer was lost: the decision proves it was sent.
        await markSent(trx, row.id, at);
        if (await transitionApplication(trx, row.id, { from: ['queued'], to: 'sent', at }))
          audits.push(sentAudit(row.id, row.journalNo, 'decided', at));
      }
      const outcome = d.outcome;
      const reasons = (d.reasons ?? []).filter(isRefusalReason);
      let personal: Buffer | undefined;
      if (outcome === 'approved' && d.uid !== undefined) {
        const data = decryptPersonal(cipher, row);
        if (data !== null) personal = cipher.encrypt(JSON.stringify({ ...data, uid: d.uid }), row.id);
      }
      const moved = await transitionApplication(trx, row.id, {
        from: ['sent'],
        to: outcome,
        at,
        patch: {
          ...(outcome === 'refused' && { refusalReasons: reasons }),
          ...(d.temporaryPasswordSent !== undefined && { temporaryPasswordSent: d.temporaryPasswordSent }),
          ...(personal !== undefined && { personal }),
        },
      });
      if (!moved) continue;
      audits.push({
        at,
        actorId: null,
        actorLogin: null,
        action: outcome === 'approved' ? 'application.approved' : 'application.refused',
        subject: row.id,
        details: { journalNo: row.journalNo, registryDecidedAt: d.decidedAt, ...(outcome === 'refused' && { reasons }) },
      });
      notes.push({ applicationId: row.id, clerkId: row.clerkId, outcome });
    }
    await appendAudits(trx, audits);
    for (const n of notes) {
      await insertNotification(trx, {
        id: randomUUID(),
        clerkId: n.clerkId,
        applicationId: n.applicationId,
        outcome: n.outcome,
        createdAt: at,
      });
    }
    await writeMeta(trx, CURSOR_KEY, last.cursor);
  });
  // Told only once committed.
  ctx.decided.push(...notes);
}

/** Pulls and applies every decision after the cursor; false when the registry did not answer. */
export async function pullDecisions(ctx: SyncContext, api: CentralClient): Promise<boolean> {
  let after = await readMeta(ctx.deps.db, CURSOR_KEY);
  for (;;) {
    const page = await api.decisions(after, 100);
    if (!page.ok) {
      if (page.failure.kind === 'network') ctx.update({ online: false });
      ctx.failed(page.failure);
      return false;
    }
    await applyDecisions(ctx, page.value.items);
    ctx.flushDecided();
    const last = page.value.items.at(-1);
    if (last === undefined || page.value.next === null) return true;
    after = page.value.next;
  }
}
